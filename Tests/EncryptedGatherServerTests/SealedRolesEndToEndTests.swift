import EncryptedGather
import Foundation
import Testing

/// Sealed mode with the roles in separate processes, as production runs them: the gather process
/// holds only the verifier's public key, so nothing on its host can open a value.
@Suite(.serialized) struct SealedRolesEndToEndTests {
    static let twilioAuthToken = "sealed-e2e-auth-token-0123456789"
    static let verifyToken = "sealed-e2e-verify-token-0123456789"
    static let pinHashKey = String(repeating: "5e", count: 32)

    struct Deployment {
        let root: URL
        let verifierFolder: URL
        let gatherFolder: URL
        let verifier: ChildProcess
        let gather: ChildProcess
        let gatherEnvironment: [String: String]
        let gatherPort: Int

        func stop() {
            gather.stop()
            verifier.stop()
        }
    }

    static func deploy() async throws -> Deployment {
        let root = TestServer.temporaryDirectory()
        let verifierFolder = root.appendingPathComponent("verifier"), gatherFolder = root.appendingPathComponent("gather")
        for folder in [verifierFolder, gatherFolder] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let keys = verifierFolder.appendingPathComponent("keys").path
        let keygen = try await ChildProcess.run(["keygen", "--sealed", "--out", keys], environment: [:], in: verifierFolder)
        #expect(keygen.status == 0, "\(keygen.output)")
        let publicKey = try #require(try FileManager.default.contentsOfDirectory(atPath: keys).first { $0.hasSuffix(".pub.pem") })
        // The gather host gets a copy of the public key, and nothing else from the verifier.
        try FileManager.default.copyItem(atPath: "\(keys)/\(publicKey)", toPath: gatherFolder.appendingPathComponent("sealing.pub.pem").path)

        let verifierEnvironment = [
            "CIPHER_MODE": "sealed", "SEALING_KEYS_DIR": keys, "PIN_HASH_KEY": pinHashKey, "VERIFY_TOKEN": verifyToken,
            "ACCOUNTS_DB": verifierFolder.appendingPathComponent("accounts.sqlite").path,
        ]
        let added = try await ChildProcess.run(
            ["accounts", "add", "--last4", "1234", "--pin", "4321", "--account", "AC12345678", "--balance", "12.55"],
            environment: verifierEnvironment, in: verifierFolder)
        #expect(added.status == 0, "\(added.output)")
        let verifier = try ChildProcess(["serve", "--role", "verifier", "--port", "0"], environment: verifierEnvironment, in: verifierFolder)
        let verifierPort = try await verifier.port()

        let gatherEnvironment = [
            "CIPHER_MODE": "sealed", "SEALING_PUBLIC_KEY": gatherFolder.appendingPathComponent("sealing.pub.pem").path,
            "TWILIO_AUTH_TOKEN": twilioAuthToken, "VERIFY_TOKEN": verifyToken,
            "VERIFY_URL": "http://127.0.0.1:\(verifierPort)/decrypt-gather",
            "TWIML_DIR": TestServer.repositoryRoot.appendingPathComponent("TwiML").path,
        ]
        let gather = try ChildProcess(["serve", "--role", "gather", "--port", "0"], environment: gatherEnvironment, in: gatherFolder)
        let gatherPort = try await gather.port()
        return Deployment(
            root: root, verifierFolder: verifierFolder, gatherFolder: gatherFolder, verifier: verifier, gather: gather,
            gatherEnvironment: gatherEnvironment, gatherPort: gatherPort)
    }

    static func simulate(_ deployment: Deployment, _ extra: [String] = []) throws -> ChildProcess {
        try ChildProcess(
            ["simulate", "--url", "http://127.0.0.1:\(deployment.gatherPort)/encrypted-gather", "--auth-token", twilioAuthToken,
             "--digits", "1234,4321", "--expect", "your balance is 12.55"] + extra,
            environment: [:], in: deployment.root)
    }

    @Test func theDemoCallWalksThroughAGatherProcessAndAVerifierProcess() async throws {
        let deployment = try await Self.deploy()
        defer { deployment.stop() }
        let call = try Self.simulate(deployment)
        #expect(await call.exitStatus() == 0, "\(call.output)\n\(deployment.gather.output)\n\(deployment.verifier.output)")
        #expect(call.output.contains("encryptedCardDigits=s1."))

        // Nothing on the gather side can open a value: no key that decrypts in its environment or its files.
        for name in ["AES_SECRET", "AES_SECRET_PREVIOUS", "SEALING_KEYS_DIR", "PIN_HASH_KEY"] {
            #expect(deployment.gatherEnvironment[name] == nil)
        }
        let gatherFiles = FileManager.default.enumerator(atPath: deployment.gatherFolder.path)?.compactMap { $0 as? String } ?? []
        for file in gatherFiles {
            let text = (try? String(contentsOfFile: deployment.gatherFolder.appendingPathComponent(file).path, encoding: .utf8)) ?? ""
            #expect(!text.contains("PRIVATE KEY"), "\(file)")
        }
        // It logs which key sealed a value, never the value.
        #expect(deployment.gather.output.contains("kid="))
        #expect(!deployment.gather.output.contains("ciphertext="))
        #expect(deployment.verifier.output.contains("outcome=found"))
    }

    @Test func aGatherProcessInSealedModeRefusesAKeyThatDecrypts() async throws {
        let folder = TestServer.temporaryDirectory()
        for name in ["AES_SECRET", "SEALING_KEYS_DIR", "PIN_HASH_KEY"] {
            let value = name == "SEALING_KEYS_DIR" ? folder.path : String(repeating: "ab", count: 32)
            let run = try await ChildProcess.run(
                ["serve", "--role", "gather", "--port", "0"],
                environment: [
                    "CIPHER_MODE": "sealed", "SEALING_PUBLIC_KEY": "/nonexistent.pub.pem", "TWILIO_AUTH_TOKEN": Self.twilioAuthToken,
                    "VERIFY_TOKEN": Self.verifyToken, "VERIFY_URL": "https://verifier.example.com/decrypt-gather", name: value,
                ], in: folder)
            #expect(run.status != 0)
            #expect(run.output == "encrypted-gather: error: \(name) is set, but a gather host in sealed mode must hold no key that decrypts: unset it here and give it to the verifier\n")
        }
    }

    /// The rotation the README describes, during a load run: the new private key goes to the
    /// verifier first, then the gather side switches its public key on SIGHUP. No call fails.
    @Test func aKeyRotationDuringALoadRunFailsNoCall() async throws {
        let deployment = try await Self.deploy()
        defer { deployment.stop() }
        let keys = deployment.verifierFolder.appendingPathComponent("keys").path
        let before = try FileManager.default.contentsOfDirectory(atPath: keys)
        let load = try Self.simulate(deployment, ["--calls", "400", "--concurrency", "8"])
        #expect(try await deployment.gather.waitFor("outcome=verified", count: 40), "\(load.output)")

        let keygen = try await ChildProcess.run(["keygen", "--sealed", "--out", keys], environment: [:], in: deployment.verifierFolder)
        #expect(keygen.status == 0)
        deployment.verifier.hangUp()
        #expect(try await deployment.verifier.waitFor("keys reloaded on SIGHUP"))
        let newPublic = try #require(try FileManager.default.contentsOfDirectory(atPath: keys).first { $0.hasSuffix(".pub.pem") && !before.contains($0) })
        let newKeyID = String(newPublic.dropFirst("sealing-".count).prefix(8))
        let target = deployment.gatherFolder.appendingPathComponent("sealing.pub.pem").path
        let staged = target + ".new"
        try FileManager.default.copyItem(atPath: "\(keys)/\(newPublic)", toPath: staged)
        #expect(rename(staged, target) == 0)
        deployment.gather.hangUp()
        #expect(try await deployment.gather.waitFor("sealing to \(newKeyID)"))

        #expect(await load.exitStatus() == 0, "\(load.output)")
        #expect(load.output.contains("calls: 400, failed: 0"), "\(load.output)")
        #expect(deployment.gather.output.contains("kid=\(newKeyID)"), "no value was sealed to the new key: the load ended before the switch")
    }
}
