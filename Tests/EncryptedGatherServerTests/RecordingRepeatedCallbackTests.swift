import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Twilio may post the same RecordingStatusCallback again (a retried webhook), and a job resumed
/// from the journal may meet its own callback: one recording is downloaded by one job at a time.
@Suite struct RecordingRepeatedCallbackTests {
    typealias Harness = RecordingCallbackHarness

    @Test func aCallbackRepeatedWhileItsDownloadIsInFlightIsDownloadedAndDecryptedOnce() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording(byteCount: 200_003)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        media.hold()
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                let callback = Harness.callback(for: recording, apiBaseURL: base)
                let first = try await harness.post(callback, to: client)
                #expect(first.status == .noContent)
                let started = try await harness.eventually { media.requests.count == 1 }
                #expect(started)
                let repeated = try await harness.post(callback, to: client)
                #expect(repeated.status == .noContent)
                media.release()
                // Both callbacks' jobs settle: the first decrypted, the second ignored, or (were
                // it started) a second download that the fake has then counted.
                await harness.idle()
            }
        }
        #expect(media.requests.count == 1)
        #expect(harness.decrypted(recording) == recording.plaintext)
        #expect(try harness.journal.pending().isEmpty)
        #expect(try harness.journal.failed().isEmpty)
        #expect(try harness.recordingsDirectoryEntries() == [".journal", "\(recording.recordingSid).wav"])
    }
}
