import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Downloads that fail: a server error is retried with backoff until it succeeds or the attempts
/// run out; a refusal of the credentials is not retried. Either way the job ends decrypted or in
/// the journal's `failed/` folder, never silently dropped.
@Suite struct RecordingDownloadRetryTests {
    typealias Harness = RecordingCallbackHarness

    @Test func aDownloadThatFailsTwiceIsRetriedWithBackoffAndThenDecrypted() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        media.fail(next: 2)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client)
                #expect(answer.status == .noContent)
                #expect(try await harness.eventually { try harness.decrypted(recording) != nil && harness.journal.pending().isEmpty })
            }
        }
        #expect(harness.decrypted(recording) == recording.plaintext)
        #expect(media.requests.count == 3)
        let retries = harness.logs.all.filter { $0.contains("recording download failed; will retry") }
        #expect(retries.count == 2)
        #expect(retries.first?.contains("attempt=1") == true)
        #expect(retries.last?.contains("attempt=2") == true)
        #expect(retries.allSatisfy { $0.contains("RecordingSid=\(recording.recordingSid)") && $0.contains("HTTP 500") })
        #expect(try harness.journal.pending().isEmpty)
        #expect(try harness.journal.failed().isEmpty)
        #expect(try harness.recordingsDirectoryEntries() == [".journal", "\(recording.recordingSid).wav"])
    }

    @Test func aDownloadThatKeepsFailingIsGivenUpAfterTheLastAttemptAndKeptInFailed() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording(byteCount: 100)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        media.fail(next: .max, with: .serviceUnavailable)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client)
                #expect(answer.status == .noContent)
                #expect(try await harness.eventually { try !harness.journal.failed().isEmpty })
            }
        }
        #expect(media.requests.count == Harness.fastRetry.maximumAttempts)
        let failed = try harness.journal.failed()
        #expect(failed.map(\.recordingSid) == [recording.recordingSid])
        #expect(failed.first?.attempts == Harness.fastRetry.maximumAttempts)
        #expect(failed.first?.lastError?.contains("HTTP 503") == true)
        #expect(try harness.journal.pending().isEmpty)
        #expect(try harness.recordingsDirectoryEntries() == [".journal"])
        #expect(harness.logs.all.contains { $0.contains("kept in the journal's failed/ folder") && $0.contains(recording.recordingSid) })
    }

    @Test func aDownloadRefusedWith401IsNotRetriedAndTheJobMovesToFailed() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording(byteCount: 100)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base, password: "a-revoked-auth-token-00000000")
            try await app.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client)
                #expect(answer.status == .noContent)
                // The job settles when it is given up; a retry would have kept it outstanding.
                await harness.idle()
            }
        }
        #expect(media.requests.count == 1)
        let failed = try harness.journal.failed()
        #expect(failed.map(\.recordingSid) == [recording.recordingSid])
        #expect(failed.first?.attempts == 1)
        #expect(failed.first?.lastError?.contains("HTTP 401") == true)
        #expect(try harness.journal.pending().isEmpty)
        #expect(try harness.recordingsDirectoryEntries() == [".journal"])
        #expect(!harness.logs.all.contains { $0.contains("will retry") })
        #expect(harness.logs.all.contains { $0.contains("kept in the journal's failed/ folder") && $0.contains("HTTP 401") })
    }
}
