import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A recording that downloads but cannot be decrypted (the key ring's key is not the one Twilio
/// wrapped for, or the media was altered) leaves nothing in RECORDINGS_DIR that looks like a
/// recording, and the job waits in `failed/` with its reason for the operator.
@Suite struct RecordingDecryptionFailureTests {
    typealias Harness = RecordingCallbackHarness

    @Test func aRecordingWrappedForAnotherKeyIsKeptInFailedAndLeavesNoFile() async throws {
        let harness = try Harness(key: .unrelated)
        let recording = try harness.makeRecording()
        let failed = try await Self.deliver(recording, media: recording.media, to: harness)
        #expect(failed.lastError?.contains("\(Harness.publicKeySid)") == true)
        #expect(harness.logs.all.contains { $0.contains("recording could not be decrypted") && $0.contains("RecordingSid=\(recording.recordingSid)") })
    }

    @Test func aTamperedRecordingIsKeptInFailedAndLeavesNoFile() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        var tampered = recording.media
        tampered[tampered.count / 2] ^= 0x01
        let failed = try await Self.deliver(recording, media: tampered, to: harness)
        #expect(failed.lastError != nil)
        #expect(harness.logs.all.contains { $0.contains("recording could not be decrypted") && $0.contains("RecordingSid=\(recording.recordingSid)") })
    }

    @Test func aTruncatedRecordingIsKeptInFailedAndLeavesNoFile() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let failed = try await Self.deliver(recording, media: Array(recording.media.dropLast(7)), to: harness)
        #expect(failed.lastError != nil)
    }

    /// Posts the callback for `recording` while the fake serves `media`, waits for the job to
    /// fail, checks what every such failure must leave behind, and returns the failed job.
    static func deliver(_ recording: Harness.EncryptedRecording, media bytes: [UInt8], to harness: Harness) async throws -> RecordingJob {
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(bytes, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client)
                #expect(answer.status == .noContent)
                #expect(try await harness.eventually { try !harness.journal.failed().isEmpty })
            }
        }
        // Downloaded once: a file that will not decrypt does not get better by fetching it again.
        #expect(media.requests.count == 1)
        #expect(harness.decrypted(recording) == nil)
        #expect(try harness.recordingsDirectoryEntries() == [".journal"])
        #expect(try harness.journal.pending().isEmpty)
        let failed = try harness.journal.failed()
        #expect(failed.map(\.recordingSid) == [recording.recordingSid])
        return try #require(failed.first)
    }
}
