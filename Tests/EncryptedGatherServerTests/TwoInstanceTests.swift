import AsyncHTTPClient
import EncryptedGather
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// Two `serve` processes on one PostgreSQL database, as behind a load balancer: what one counts,
/// uses or is told, the other sees, and a recording is decrypted once, by whoever is alive.
@Suite(.enabled(if: PostgresTestServer.isRequired), .serialized) struct TwoInstanceTests {
    typealias Harness = RecordingCallbackHarness
    static let aes = String(repeating: "5e", count: 32)
    static let verifyToken = "two-instance-verify-token-0123456789"

    /// The shared settings of both instances; each gets its own folder and RECORDINGS_DIR.
    struct Pair {
        let harness: Harness
        let database: String
        let apiBaseURL: String

        func environment(_ name: String) -> [String: String] {
            [
                "AES_SECRET": TwoInstanceTests.aes, "VERIFY_TOKEN": TwoInstanceTests.verifyToken, "PIN_HASH_KEY": String(repeating: "4d", count: 32),
                "TWILIO_AUTH_TOKEN": Harness.authToken, "TWILIO_ACCOUNT_SID": Harness.accountSid, "TWILIO_API_BASE_URL": apiBaseURL,
                "ACCOUNTS_DB": database, "LOCKOUT_MAX_FAILURES": "2", "RECORDING_LEASE": "2",
                "RECORDINGS_DIR": folder(name).appendingPathComponent("recordings").path, "RECORDING_KEYS_DIR": harness.keysDirectory.path,
                "TWIML_DIR": TestServer.repositoryRoot.appendingPathComponent("TwiML").path,
            ]
        }

        func folder(_ name: String) -> URL {
            harness.root.appendingPathComponent(name, isDirectory: true)
        }

        /// Starts instance `name` (`A` or `B`).
        func start(_ name: String) async throws -> (server: ChildProcess, port: Int) {
            try FileManager.default.createDirectory(at: folder(name), withIntermediateDirectories: true)
            let server = try ChildProcess(["serve", "--port", "0"], environment: environment(name), in: folder(name))
            return (server, try await server.port())
        }

        func decrypted(_ recording: Harness.EncryptedRecording, on name: String) -> [UInt8]? {
            FileManager.default.contents(atPath: folder(name).appendingPathComponent("recordings/\(recording.recordingSid).wav").path).map(Array.init)
        }
    }

    func withPair(_ body: @Sendable (Pair, FakeTwilioMediaServer) async throws -> Void) async throws {
        let harness = try Harness()
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        let database = try PostgresTestServer.freshSchemaURL()
        try await media.run { apiBaseURL in
            try await body(Pair(harness: harness, database: database, apiBaseURL: apiBaseURL), media)
        }
    }

    func verify(port: Int, card: String, pin: String, sealed: (card: String, pin: String)? = nil) async throws -> (status: UInt, body: String) {
        let cipher = GatherCipher(secret: try AESSecret(hex: Self.aes))
        let values = sealed ?? (cipher.seal(Digits(card)).hex, cipher.seal(Digits(pin)).hex)
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/decrypt-gather")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(Self.verifyToken)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"encryptedCardDigits":"\#(values.card)","encryptedPinDigits":"\#(values.pin)"}"#))
        let response = try await Harness.client.execute(request, timeout: .seconds(10))
        return (response.status.code, String(buffer: try await response.body.collect(upTo: 4096)))
    }

    func postCallback(_ recording: Harness.EncryptedRecording, port: Int, apiBaseURL: String) async throws -> UInt {
        let parameters = Harness.callback(for: recording, apiBaseURL: apiBaseURL)
        let url = "http://127.0.0.1:\(port)/recording-status"
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(
            name: "X-Twilio-Signature", value: RequestValidator(authToken: SharedToken(unchecked: Harness.authToken)).signature(url: url, parameters: parameters))
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: parameters.urlEncoded))
        return try await Harness.client.execute(request, timeout: .seconds(10)).status.code
    }

    @Test func failuresCountedOnALockTheCardOnBAndACiphertextUsedOnAIsRefusedOnB() async throws {
        try await withPair { pair, _ in
            let added = try await ChildProcess.run(
                ["accounts", "add", "--last4", "1234", "--pin", "4321", "--account", "AC12345678", "--balance", "12.55"],
                environment: pair.environment("A"), in: pair.harness.root)
            #expect(added.status == 0, "\(added.output)")
            let (a, portA) = try await pair.start("A")
            defer { a.stop() }
            let (b, portB) = try await pair.start("B")
            defer { b.stop() }

            let unknown = try await verify(port: portA, card: "1234", pin: "0000")
            #expect(unknown.status == 404)
            _ = try await verify(port: portA, card: "1234", pin: "1111")
            // A counted two failures: the card is locked on B too, so even the right PIN is not found.
            #expect(try await verify(port: portB, card: "1234", pin: "4321") == unknown)
            #expect(try await b.waitFor("verification refused: locked out"))

            let cipher = GatherCipher(secret: try AESSecret(hex: Self.aes))
            let sealed = (cipher.seal(Digits("5678")).hex, cipher.seal(Digits("8765")).hex)
            let other = try await ChildProcess.run(
                ["accounts", "add", "--last4", "5678", "--pin", "8765", "--account", "AC87654321", "--balance", "1.00"],
                environment: pair.environment("A"), in: pair.harness.root)
            #expect(other.status == 0, "\(other.output)")
            #expect(try await verify(port: portA, card: "", pin: "", sealed: sealed).status == 200)
            let replay = try await verify(port: portB, card: "", pin: "", sealed: sealed)
            #expect(replay.status == 409)
            #expect(replay.body == #"{"error":"ciphertext already used"}"#)
            let listed = try await ChildProcess.run(["accounts", "list"], environment: pair.environment("B"), in: pair.harness.root)
            #expect(listed.output == "AC12345678\nAC87654321\n")
            let removed = try await ChildProcess.run(["accounts", "remove", "--account", "AC87654321"], environment: pair.environment("B"), in: pair.harness.root)
            #expect(removed.status == 0, "\(removed.output)")
            #expect(try await ChildProcess.run(["accounts", "list"], environment: pair.environment("A"), in: pair.harness.root).output == "AC12345678\n")
            for digits in ["1234", "4321", "5678", "8765"] {
                let pattern = "(?<![0-9a-f])\(digits)(?![0-9a-f])"
                #expect((a.output + b.output).range(of: pattern, options: .regularExpression) == nil, "\(digits) logged")
            }
        }
    }

    @Test func aRecordingCallbackDeliveredToAIsDecryptedExactlyOnce() async throws {
        try await withPair { pair, media in
            let (a, portA) = try await pair.start("A")
            defer { a.stop() }
            let (b, _) = try await pair.start("B")
            defer { b.stop() }
            let recording = try pair.harness.makeRecording()
            media.serve(recording.media, as: recording.recordingSid)
            #expect(try await postCallback(recording, port: portA, apiBaseURL: pair.apiBaseURL) == 204)
            let done = try await pair.harness.eventually {
                pair.decrypted(recording, on: "A") != nil || pair.decrypted(recording, on: "B") != nil
            }
            #expect(done, "\(a.output)\n\(b.output)")
            // Two leases and more: nobody takes the done job again.
            try await Task.sleep(for: .seconds(5))
            let copies = ["A", "B"].compactMap { pair.decrypted(recording, on: $0) }
            #expect(copies == [recording.plaintext])
            #expect(media.requests.count == 1)
            #expect((a.output + b.output).components(separatedBy: "recording decrypted").count - 1 == 1)
        }
    }

    @Test func killingAMidDownloadLetsBFinishTheJobAfterTheLease() async throws {
        try await withPair { pair, media in
            let (a, portA) = try await pair.start("A")
            let recording = try pair.harness.makeRecording()
            media.serve(recording.media, as: recording.recordingSid)
            media.hold()
            #expect(try await postCallback(recording, port: portA, apiBaseURL: pair.apiBaseURL) == 204)
            #expect(try await pair.harness.eventually { media.requests.count == 1 })
            kill(a.process.processIdentifier, SIGKILL)
            _ = await a.exitStatus()
            let (b, _) = try await pair.start("B")
            defer { b.stop() }
            media.release()
            #expect(try await pair.harness.eventually(within: .seconds(20)) { pair.decrypted(recording, on: "B") != nil }, "\(b.output)")
            #expect(pair.decrypted(recording, on: "B") == recording.plaintext)
            #expect(pair.decrypted(recording, on: "A") == nil)
        }
    }
}

/// A store `serve` cannot use stops it before it binds, with one line and no password.
@Suite struct StoreStartupFailureTests {
    @Test(arguments: [
        ("postgres://eg:hunter2secret@127.0.0.1:1/db?sslmode=disable", "ACCOUNTS_DB: cannot connect to PostgreSQL at postgres://eg:***@127.0.0.1:1/db"),
        ("postgres://eg:hunter2secret@127.0.0.1/db?sslmode=maybe", "ACCOUNTS_DB is not a usable PostgreSQL URL (postgres://eg:***@127.0.0.1/db?sslmode=maybe)"),
    ])
    func serveExitsWithOneLineAndNoPassword(database: String, expected: String) async throws {
        let folder = TestServer.temporaryDirectory()
        let run = try await ChildProcess.run(
            ["serve", "--role", "verifier", "--port", "0"],
            environment: [
                "AES_SECRET": String(repeating: "5e", count: 32), "VERIFY_TOKEN": "startup-failure-verify-token-0123456789",
                "PIN_HASH_KEY": String(repeating: "4d", count: 32), "ACCOUNTS_DB": database,
            ], in: folder)
        #expect(run.status != 0)
        #expect(run.output.contains(expected), "\(run.output)")
        #expect(!run.output.contains("hunter2secret"))
        #expect(run.output.split(separator: "\n").filter { $0.contains("ACCOUNTS_DB") }.count == 1, "\(run.output)")
    }
}
