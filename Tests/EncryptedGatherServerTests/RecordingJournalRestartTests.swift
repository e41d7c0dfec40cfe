import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A recording Twilio told us about survives a restart: the job stays in the journal when the
/// server stops, and the next server over the same RECORDINGS_DIR finishes it unasked.
@Suite struct RecordingJournalRestartTests {
    typealias Harness = RecordingCallbackHarness

    @Test func aJobPendingAtShutdownIsDecryptedByTheNextStartWithoutANewCallback() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        media.fail(next: .max)
        try await media.run { base in
            // A long backoff: the first server stops while the job waits for its second attempt.
            let patient = RetryPolicy(initialDelay: .seconds(60), maximumDelay: .seconds(60), maximumAttempts: 5)
            let first = try await harness.application(apiBaseURL: base, retryPolicy: patient)
            try await first.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client)
                #expect(answer.status == .noContent)
                #expect(try await harness.eventually { try harness.journal.pending().first?.attempts == 1 })
            }
            let pending = try harness.journal.pending()
            #expect(pending.map(\.recordingSid) == [recording.recordingSid])
            #expect(pending.first?.mediaURL == Harness.recordingURL(recording.recordingSid, apiBaseURL: base) + ".wav")
            #expect(pending.first?.lastError?.contains("HTTP 500") == true)
            #expect(harness.decrypted(recording) == nil)
            #expect(try harness.recordingsDirectoryEntries() == [".journal"])

            media.fail(next: 0)
            let second = try await harness.application(apiBaseURL: base)
            try await second.test(.router) { _ in
                let finished = try await harness.eventually { try harness.decrypted(recording) != nil && harness.journal.pending().isEmpty }
                #expect(finished)
            }
        }
        #expect(harness.decrypted(recording) == recording.plaintext)
        #expect(media.requests.count == 2)
        #expect(try harness.journal.pending().isEmpty)
        #expect(try harness.journal.failed().isEmpty)
        #expect(harness.logs.all.filter { $0.contains("recording queued") }.count == 1)
        #expect(harness.logs.all.contains { $0.contains("resuming recordings from the journal") && $0.contains("count=1") })
    }
}
