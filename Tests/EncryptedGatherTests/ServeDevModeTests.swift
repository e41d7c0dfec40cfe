import EncryptedGather
import Foundation
import Testing

/// `serve --dev` is its own world: the review started it with a production `ACCOUNTS_DB` and
/// `TWILIO_AUTH_TOKEN` exported, and it seeded the demo caller into the real directory and checked
/// signatures with the real token.
@Suite struct ServeDevModeTests {
    func serveDev(environment: [String: String], arguments: [String] = []) throws -> (status: Int32, error: String, folder: URL) {
        let folder = try Fixture.temporaryDirectory()
        let run = try Fixture.runExecutable(["serve", "--dev", "--port", "0"] + arguments, environment: environment, in: folder)
        return (run.status, run.error, folder)
    }

    @Test(arguments: ["ACCOUNTS_DB", "DATABASE_URL", "AES_SECRET", "TWILIO_AUTH_TOKEN", "VERIFY_TOKEN"])
    func aProductionSettingInTheEnvironmentStopsItWithOneLine(name: String) throws {
        let production = try Fixture.temporaryDirectory().appendingPathComponent("production.sqlite").path
        let values = [
            "ACCOUNTS_DB": production, "DATABASE_URL": "postgres://db.example.com/accounts",
            "AES_SECRET": String(repeating: "ab", count: 32), "TWILIO_AUTH_TOKEN": "production-auth-token-0123456789",
            "VERIFY_TOKEN": "production-verify-token-0123456789",
        ]
        let run = try serveDev(environment: [name: values[name]!])
        #expect(run.status != 0)
        #expect(run.error == "encrypted-gather: error: serve --dev uses only its own values in .encrypted-gather/, but \(name) in the environment is set: unset it, or run without --dev\n")
        #expect(!FileManager.default.fileExists(atPath: production))
        #expect(!FileManager.default.fileExists(atPath: run.folder.appendingPathComponent(".encrypted-gather").path))
    }

    @Test func aProductionSettingAsAFlagStopsItToo() throws {
        let run = try serveDev(environment: [:], arguments: ["--accounts-db", "/tmp/production.sqlite"])
        #expect(run.status != 0)
        #expect(run.error.contains("but --accounts-db is set"))
    }

    @Test func everySecretAndStoreIsProductionOnly() throws {
        for name in ["AES_SECRET", "TWILIO_AUTH_TOKEN", "VERIFY_TOKEN", "PIN_HASH_KEY", "ACCOUNTS_DB", "DATABASE_URL", "RECORDINGS_DIR", "SEALING_KEYS_DIR", "SEALING_PUBLIC_KEY"] {
            #expect(throws: ConfigurationError.self) {
                try DevEnvironment.refuseProductionSettings(flags: [:], environment: [name: "x"])
            }
        }
        try DevEnvironment.refuseProductionSettings(flags: ["PORT": "0"], environment: ["HOST": "127.0.0.1", "FLOW": "flows/x.json", "AES_SECRET": ""])
    }
}

/// `encrypt` and `decrypt` in sealed mode: the gather side's key only seals.
@Suite struct SealedCommandTests {
    func run(_ arguments: [String], environment: [String: String], in folder: URL) throws -> Fixture.ExecutableRun {
        try Fixture.runExecutable(arguments, environment: environment, in: folder)
    }

    @Test func keygenWritesAnOwnerOnlyPrivateKeyAndThePublicOneEncryptsWithNothingElse() throws {
        let folder = try Fixture.temporaryDirectory()
        let keygen = try run(["keygen", "--sealed", "--out", "keys"], environment: [:], in: folder)
        #expect(keygen.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("keys").path).sorted()
        #expect(files.count == 2)
        let privateFile = try #require(files.first { !$0.hasSuffix(".pub.pem") })
        let publicFile = try #require(files.first { $0.hasSuffix(".pub.pem") })
        let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("keys/\(privateFile)").path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let kid = String(privateFile.dropFirst("sealing-".count).prefix(8))

        let sealed = try run(
            ["encrypt", "4321", "--field", "pin", "--call-sid", "CA1"],
            environment: ["CIPHER_MODE": "sealed", "SEALING_PUBLIC_KEY": "keys/\(publicFile)"], in: folder)
        #expect(sealed.status == 0, "\(sealed.error)")
        let wire = sealed.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(wire.hasPrefix("s1.\(kid)."))

        let refused = try run(["decrypt", wire, "--field", "pin", "--call-sid", "CA1"], environment: ["SEALING_PUBLIC_KEY": "keys/\(publicFile)"], in: folder)
        #expect(refused.status != 0)
        #expect(refused.error == "encrypted-gather: error: a sealed value opens only with a private key: set SEALING_KEYS_DIR to the verifier's sealing keys\n")

        let opened = try run(["decrypt", wire, "--field", "pin", "--call-sid", "CA1"], environment: ["SEALING_KEYS_DIR": "keys"], in: folder)
        #expect(opened.output == "4321\n", "\(opened.error)")
        let otherCall = try run(["decrypt", wire, "--field", "pin", "--call-sid", "CA2"], environment: ["SEALING_KEYS_DIR": "keys"], in: folder)
        #expect(otherCall.status != 0)
        #expect(!otherCall.error.contains("4321"))
    }
}
