import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The credentials the server downloads with and the key it decrypts with never reach a log line,
/// on the happy path, through retries, or when Twilio refuses the credentials.
@Suite struct RecordingSecretsInLogsTests {
    typealias Harness = RecordingCallbackHarness

    @Test func noLogLineCarriesTheAuthTokenOrTheContentKeyThroughRetriesAndADecryptedRecording() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        media.fail(next: 1)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client)
                #expect(answer.status == .noContent)
                #expect(try await harness.eventually { try harness.decrypted(recording) != nil && harness.journal.pending().isEmpty })
            }
        }
        #expect(harness.logs.all.count >= 4)
        Self.expectNoSecret(in: harness.logs, secrets: Self.secrets(password: Harness.authToken, username: Harness.accountSid, recording: recording))
    }

    @Test func noLogLineCarriesTheAPIKeySecretWhenTwilioRefusesIt() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let keySid = "SK" + String(repeating: "4c", count: 16)
        let refusedSecret = "api-key-secret-refused-5e8d2a7c91b4"
        let media = FakeTwilioMediaServer(username: keySid, password: "api-key-secret-accepted-0f3b6e1d")
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base, username: keySid, password: refusedSecret)
            try await app.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client)
                #expect(answer.status == .noContent)
                #expect(try await harness.eventually { try !harness.journal.failed().isEmpty })
            }
        }
        #expect(media.requests.first?.authorization == "Basic " + Data("\(keySid):\(refusedSecret)".utf8).base64EncodedString())
        Self.expectNoSecret(in: harness.logs, secrets: Self.secrets(password: refusedSecret, username: keySid, recording: recording))
        let journalled = try String(contentsOf: harness.recordingsDirectory.appendingPathComponent(".journal/failed/\(recording.recordingSid).json"), encoding: .utf8)
        #expect(!journalled.contains(refusedSecret))
    }

    /// The password, the `Authorization` value made from it, and the CEK in hex and base64.
    static func secrets(password: String, username: String, recording: Harness.EncryptedRecording) -> [String] {
        [
            password,
            Data("\(username):\(password)".utf8).base64EncodedString(),
            recording.contentKeyBytes.map { String(format: "%02x", $0) }.joined(),
            recording.contentKeyBytes.map { String(format: "%02X", $0) }.joined(),
            Data(recording.contentKeyBytes).base64EncodedString(),
        ]
    }

    static func expectNoSecret(in logs: LogCapture, secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            let leaks = logs.all.filter { $0.contains(secret) }
            #expect(leaks == [], sourceLocation: sourceLocation)
        }
    }
}
