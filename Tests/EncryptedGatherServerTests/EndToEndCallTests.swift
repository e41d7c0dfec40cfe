import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// A real socket on a free port: the webhook asks the verifier over HTTP on the port it bound,
/// exactly as `serve` runs, and every log line is searched for the caller's digits.
@Suite struct EndToEndCallTests {
    @Test func aWholeCallOverARealSocketLeaksNoDigitToAnyLogLine() async throws {
        let logs = LogCapture()
        let app = try await TestServer.application(configuration: TestServer.configuration(publicBaseURL: nil), logs: logs, useHTTPVerifier: true)
        try await app.test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            var path = "/encrypted-gather"
            var transcript: [String] = []
            // No input once, then bad input, then the card; then the PIN.
            for digits in [nil, "12", "1234", "4321"] {
                let request = TestServer.signedPost(url: base + path, parameters: TestServer.callParameters(digits: digits))
                let twiml = try await client.execute(uri: path, method: .post, headers: request.headers, body: request.body) { response in
                    #expect(response.status == .ok)
                    return String(buffer: response.body)
                }
                transcript.append(twiml)
                path = try #require(TestServer.actionPath(in: twiml, base: base) ?? (digits == "4321" ? path : nil))
                // The next URL may carry ciphertext, never the digits themselves.
                let query = FormParameters(urlEncoded: path.split(separator: "?").dropFirst().joined())
                #expect(query["Digits"] == nil)
                #expect(query.pairs.filter { $0.name != "encryptedCardDigits" }.allSatisfy { !["1234", "4321"].contains($0.value) })
                #expect(query["encryptedCardDigits"].map { Ciphertext(hex: $0) != nil } ?? true)
            }
            #expect(transcript.last?.contains("Thank you. Your account number is AC12345678 and your balance is 12.55") == true)
            #expect(transcript[1].contains("attempt=2"))
        }
        // The `all` role asks the verification service in process: no loopback hop to /decrypt-gather.
        #expect(logs.all.contains { $0.contains("gather step") && $0.contains("outcome=verified") })
        #expect(!logs.all.contains { $0.contains("path=/decrypt-gather") })
        #expect(logs.all.count >= 8)
        #expect(logs.lines(containing: "1234") == [])
        #expect(logs.lines(containing: "4321") == [])
        #expect(logs.all.filter { $0.contains("gather step") }.allSatisfy { !$0.contains("Digits=1") })
    }
}
