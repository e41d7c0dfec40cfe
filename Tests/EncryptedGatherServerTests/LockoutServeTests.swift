import AsyncHTTPClient
import EncryptedGather
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// Lockout as `serve` runs it: the settings come from the environment and the counters from the
/// SQLite file, and a locked card is answered byte for byte as an unknown one.
@Suite struct LockoutServeTests {
    static let secret = try! AESSecret(hex: String(repeating: "6b", count: 32))
    static let verifyToken = "lockout-serve-verify-token-0123456789"

    func post(port: Int, card: String, pin: String) async throws -> (status: UInt, headers: [String], body: String) {
        let cipher = GatherCipher(secret: Self.secret)
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/decrypt-gather")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(Self.verifyToken)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"encryptedCardDigits":"\#(cipher.seal(Digits(card)).hex)","encryptedPinDigits":"\#(cipher.seal(Digits(pin)).hex)"}"#))
        let response = try await RecordingCallbackHarness.client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4096)
        // Everything but the date, which moves with the clock.
        let headers = response.headers.filter { $0.name.lowercased() != "date" }.map { "\($0.name): \($0.value)" }.sorted()
        return (response.status.code, headers, String(buffer: body))
    }

    @Test func theEnvironmentsLimitLocksTheCardAndTheLockedAnswerIsTheNotFoundAnswer() async throws {
        let folder = TestServer.temporaryDirectory()
        let environment = [
            "AES_SECRET": String(repeating: "6b", count: 32), "VERIFY_TOKEN": Self.verifyToken, "PIN_HASH_KEY": String(repeating: "7c", count: 32),
            "ACCOUNTS_DB": folder.appendingPathComponent("accounts.sqlite").path, "LOCKOUT_MAX_FAILURES": "2",
        ]
        let added = try await ChildProcess.run(
            ["accounts", "add", "--last4", "1234", "--pin", "4321", "--account", "AC12345678", "--balance", "12.55"], environment: environment, in: folder)
        #expect(added.status == 0, "\(added.output)")
        let server = try ChildProcess(["serve", "--role", "verifier", "--port", "0"], environment: environment, in: folder)
        defer { server.stop() }
        let port = try await server.port()

        let unknown = try await post(port: port, card: "1234", pin: "0000")
        #expect(unknown.status == 404)
        #expect(try await post(port: port, card: "1234", pin: "1111") == unknown)
        #expect(try await post(port: port, card: "1234", pin: "4321") == unknown)
        #expect(try await server.waitFor("verification refused: locked out"))
        for digits in ["1234", "4321", "1111"] {
            #expect(server.output.range(of: "(?<![0-9])\(digits)(?![0-9])", options: .regularExpression) == nil, "\(digits) logged")
        }
    }
}
