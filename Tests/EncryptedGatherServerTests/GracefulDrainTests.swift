import EncryptedGather
import Foundation
import Hummingbird
import Testing

/// SIGTERM with a call in flight: the call still gets its answer, new connections are refused,
/// and the process exits 0 with its last lines written.
@Suite struct GracefulDrainTests {
    @Test func aCallInFlightFinishesAfterSIGTERM() async throws {
        let (hold, release) = AsyncStream<Void>.makeStream()
        let verifier = FakeVerifier(status: .ok, body: #"{"account":"AC12345678","balance":"12.55"}"#, hold: hold)
        try await verifier.run { verifyURL in
            let folder = TestServer.temporaryDirectory()
            let aes = String(repeating: "3c", count: 32)
            let server = try ChildProcess(
                ["serve", "--role", "gather", "--port", "0"],
                environment: [
                    "AES_SECRET": aes, "TWILIO_AUTH_TOKEN": TestServer.authToken.value, "VERIFY_TOKEN": TestServer.verifyToken.value,
                    "VERIFY_URL": verifyURL,
                ], in: folder)
            defer { server.stop() }
            let port = try await server.port()
            let card = GatherCipher(secret: try AESSecret(hex: aes)).seal(Digits("1234")).hex
            let path = "/encrypted-gather?step=processData&encryptedCardDigits=\(card)"
            let parameters = TestServer.callParameters(digits: "4321")
            let signature = RequestValidator(authToken: TestServer.authToken).signature(url: "http://127.0.0.1:\(port)\(path)", parameters: parameters)
            let body = parameters.urlEncoded
            let request = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX-Twilio-Signature: \(signature)\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            async let answer = RawConnection.exchange(port: port, sending: Array(request.utf8))
            // Once the verifier holds the request, the call is in flight: stop the server under it.
            for _ in 0..<100 where verifier.received.value == 0 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(verifier.received.value == 1)
            kill(server.process.processIdentifier, SIGTERM)
            try await Task.sleep(for: .milliseconds(300))
            let refused = await RawConnection.exchange(port: port, sending: Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            #expect(refused.isEmpty, "a new connection was served while draining")
            release.yield()
            let twiml = await answer
            #expect(twiml.hasPrefix("HTTP/1.1 200"), "\(twiml)\n\(server.output)")
            #expect(twiml.contains("Your account number is AC12345678 and your balance is 12.55"))
            #expect(await server.exitStatus() == 0)
            #expect(server.output.contains("outcome=verified"))
            #expect(server.output.contains("encrypted-gather stopped"))
        }
    }
}
