import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// `/decrypt-gather` against a guesser: a locked card answers exactly as an unknown one does, a
/// replayed PIN ciphertext is 409, and neither leaves a digit in the log.
@Suite struct GuessingRouteTests {
    let cipher = TestServer.cipher
    let headers: HTTPFields = [.authorization: "Bearer \(TestServer.verifyToken.value)", .contentType: "application/json"]

    func body(card: String, pin: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: [
            "encryptedCardDigits": cipher.seal(Digits(card)).hex, "encryptedPinDigits": cipher.seal(Digits(pin)).hex,
        ]))
    }

    /// Posts each body in turn to one server; the status and body of each answer.
    func post(_ bodies: [ByteBuffer], logs: LogCapture) async throws -> [(status: HTTPResponse.Status, body: String)] {
        let app = try await TestServer.application(logs: logs)
        return try await app.test(.router) { client in
            var answers: [(HTTPResponse.Status, String)] = []
            for body in bodies {
                answers.append(try await client.execute(uri: "/decrypt-gather", method: .post, headers: headers, body: body) { response in
                    (response.status, String(buffer: response.body))
                })
            }
            return answers
        }
    }

    @Test func aLockedCardAnswersTheRightPinExactlyAsAnUnknownCallerIsAnswered() async throws {
        let logs = LogCapture()
        let guesses = try ["0000", "1111", "2222", "3333", "5555"].map { try body(card: "1234", pin: $0) }
        let answers = try await post(guesses + [try body(card: "1234", pin: "4321")], logs: logs)
        let notFound = try #require(answers.first)
        #expect(notFound.status == .notFound)
        #expect(notFound.body == #"{"error":"No data found"}"#)
        for answer in answers {
            #expect(answer.status == notFound.status && answer.body == notFound.body)
        }
        #expect(logs.all.contains { $0.contains("lockout: too many failed verifications") })
        #expect(logs.all.contains { $0.contains("verification refused: locked out") })
        for line in logs.all where line.contains("lockout") {
            #expect(line.range(of: "lockout=[0-9a-f]{8}( |$)", options: .regularExpression) != nil, "\(line)")
        }
        for digits in ["1234", "4321", "0000", "1111", "5555"] {
            #expect(logs.lines(containing: digits).isEmpty, "\(digits) logged")
        }
    }

    @Test func aReplayedRequestIs409AndNoticed() async throws {
        let logs = LogCapture()
        let request = try body(card: "1234", pin: "4321")
        let answers = try await post([request, request], logs: logs)
        #expect(answers.map(\.status) == [.ok, .conflict])
        #expect(answers.last?.body == #"{"error":"ciphertext already used"}"#)
        #expect(logs.all.contains { $0.hasPrefix("notice") && $0.contains("ciphertext already used") })
        #expect(logs.lines(containing: "4321").isEmpty)
    }
}
