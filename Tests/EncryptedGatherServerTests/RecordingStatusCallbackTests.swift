import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /recording-status` end to end over loopback: the callback is answered at once, and a
/// completed, encrypted recording is downloaded from a fake Twilio and decrypted into RECORDINGS_DIR.
@Suite struct RecordingStatusCallbackTests {
    typealias Harness = RecordingCallbackHarness

    @Test func aCompletedEncryptedRecordingIsAnsweredBeforeItsDownloadAndThenDecryptedIntoRecordingsDir() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        media.hold()
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                // The media server holds the download, so this 204 cannot have waited for it.
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client)
                #expect(answer.status == .noContent)
                #expect(answer.body == "")
                #expect(try harness.journal.pending().map(\.recordingSid) == [recording.recordingSid])
                #expect(try await harness.eventually { media.requests.count == 1 })
                #expect(harness.decrypted(recording) == nil)
                media.release()
                #expect(try await harness.eventually { try harness.decrypted(recording) != nil && harness.journal.pending().isEmpty })
            }
        }
        #expect(harness.decrypted(recording) == recording.plaintext)
        #expect(try harness.journal.pending().isEmpty)
        #expect(try harness.journal.failed().isEmpty)
        #expect(try harness.recordingsDirectoryEntries() == [".journal", "\(recording.recordingSid).wav"])
        #expect(
            media.requests == [
                .init(
                    path: "/2010-04-01/Accounts/\(Harness.accountSid)/Recordings/\(recording.recordingSid).wav",
                    authorization: media.expectedAuthorization)
            ])
        let attributes = try FileManager.default.attributesOfItem(atPath: harness.decryptedPath(of: recording))
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0)
        #expect(harness.logs.all.contains { $0.contains("recording queued") && $0.contains(recording.recordingSid) })
        #expect(harness.logs.all.contains { $0.contains("recording decrypted") && $0.contains("RecordingSid=\(recording.recordingSid)") })
    }

    @Test func aFailedRecordingIsLoggedWithItsSidAndErrorCodeAndNothingIsFetchedOrJournalled() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording(byteCount: 16)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                let callback = Harness.callback(
                    for: recording, apiBaseURL: base, status: "failed", errorCode: "16104", encryptionDetails: .some(nil))
                let answer = try await harness.post(callback, to: client)
                #expect(answer.status == .noContent)
                await harness.idle()
            }
        }
        #expect(media.requests == [])
        #expect(try harness.journal.pending().isEmpty)
        #expect(try harness.journal.failed().isEmpty)
        #expect(try harness.recordingsDirectoryEntries() == [".journal"])
        let failures = harness.logs.all.filter { $0.contains("Twilio reports the recording failed") }
        #expect(failures.count == 1)
        #expect(failures.allSatisfy { $0.contains("RecordingSid=\(recording.recordingSid)") && $0.contains("ErrorCode=16104") })
    }
}
