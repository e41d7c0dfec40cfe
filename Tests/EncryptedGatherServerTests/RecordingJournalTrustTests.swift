import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Findings of the second review, each reproduced: whoever can write into `RECORDINGS_DIR` must
/// not be able to steer the credentials or the files the server writes, and a replayed callback
/// must not fetch again.
@Suite struct RecordingJournalTrustTests {
    typealias Harness = RecordingCallbackHarness

    func plant(_ job: RecordingJob, in harness: Harness, as name: String? = nil) throws {
        let data = try JSONEncoder().encode(job)
        try data.write(to: harness.journal.directory.appendingPathComponent("\(name ?? job.recordingSid).json"))
    }

    @Test func aJournalEntryPointingElsewhereIsRefusedAndNoCredentialsLeave() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        let elsewhere = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        try await media.run { base in
            try await elsewhere.run { elsewhereBase in
                let foreign = Harness.recordingURL(recording.recordingSid, apiBaseURL: elsewhereBase) + ".wav"
                try plant(RecordingJob(recordingSid: recording.recordingSid, mediaURL: foreign, encryptionDetails: recording.encryptionDetails), in: harness)
                let app = try await harness.application(apiBaseURL: base)
                try await app.test(.router) { _ in await harness.idle() }
            }
        }
        #expect(elsewhere.requests.isEmpty)
        #expect(media.requests.isEmpty)
        #expect(try harness.journal.pending().isEmpty)
        #expect(try harness.journal.failed().first?.lastError?.contains("journal entry refused at load") == true)
        #expect(harness.logs.all.contains { $0.contains("recording journal entry refused") })
        #expect(!harness.logs.all.contains { $0.contains(Harness.authToken) })
    }

    @Test func aJournalEntryWhoseSidClimbsOutOfTheFolderWritesNothingOutside() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let escape = "/../../escape/" + recording.recordingSid
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let url = Harness.recordingURL(recording.recordingSid, apiBaseURL: base) + ".wav"
            try plant(RecordingJob(recordingSid: escape, mediaURL: url, encryptionDetails: recording.encryptionDetails), in: harness, as: recording.recordingSid)
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { _ in await harness.idle() }
        }
        #expect(media.requests.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: harness.root.appendingPathComponent("escape").path))
        #expect(!FileManager.default.fileExists(atPath: harness.root.deletingLastPathComponent().appendingPathComponent("escape").path))
        #expect(try harness.journal.pending().isEmpty)
    }

    @Test func aLinkPlantedAtTheRecordingsNameIsReplacedNotFollowed() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let target = harness.root.appendingPathComponent("precious.txt")
        try Data("do not overwrite".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(atPath: harness.decryptedPath(of: recording), withDestinationPath: target.path)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client async throws in
                #expect(try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client).status == .noContent)
                await harness.idle()
            }
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "do not overwrite")
        #expect(harness.decrypted(recording) == recording.plaintext)
        let attributes = try FileManager.default.attributesOfItem(atPath: harness.decryptedPath(of: recording))
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
    }

    @Test func aLinkPlantedAtTheDownloadDuringTheRetryWaitIsNotFollowed() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let target = harness.root.appendingPathComponent("precious.txt")
        try Data("do not overwrite".utf8).write(to: target)
        let incoming = harness.recordingsDirectory.appendingPathComponent(".incoming-\(recording.recordingSid).wav.enc").path
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        media.fail(next: 1, with: .serviceUnavailable)
        try await media.run { base in
            let slow = RetryPolicy(initialDelay: .milliseconds(500), maximumDelay: .milliseconds(500), maximumAttempts: 3)
            let app = try await harness.application(apiBaseURL: base, retryPolicy: slow)
            try await app.test(.router) { client async throws in
                #expect(try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client).status == .noContent)
                #expect(try await harness.eventually { harness.logs.all.contains { $0.contains("will retry") } })
                try FileManager.default.createSymbolicLink(atPath: incoming, withDestinationPath: target.path)
                await harness.idle()
            }
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "do not overwrite")
        #expect(harness.decrypted(recording) == recording.plaintext)
    }

    @Test func aReplayedCallbackForADecryptedRecordingIsAcknowledgedNotFetched() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording()
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client async throws in
                let callback = Harness.callback(for: recording, apiBaseURL: base)
                #expect(try await harness.post(callback, to: client).status == .noContent)
                await harness.idle()
                // The operator moved the recording away; a replay must not bring it back.
                try FileManager.default.removeItem(atPath: harness.decryptedPath(of: recording))
                #expect(try await harness.post(callback, to: client).status == .noContent)
                await harness.idle()
            }
        }
        #expect(media.requests.count == 1)
        #expect(harness.decrypted(recording) == nil)
        #expect(harness.logs.all.contains { $0.contains("recording already decrypted") })
    }

    @Test func aRecordingOverTheSizeCapIsGivenUpOnNotWritten() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording(byteCount: 40_000)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base, maximumBytes: 10_000)
            try await app.test(.router) { client async throws in
                #expect(try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client).status == .noContent)
                await harness.idle()
            }
        }
        #expect(media.requests.count == 1)
        #expect(harness.decrypted(recording) == nil)
        #expect(try harness.journal.failed().first?.lastError?.contains("larger than RECORDING_MAX_BYTES") == true)
        #expect(try harness.recordingsDirectoryEntries() == [".journal"])
    }

    @Test func aRedirectIsFollowedOnlyBelowTheTwilioAPI() async throws {
        let harness = try Harness()
        let inside = try harness.makeRecording()
        let outside = try harness.makeRecording()
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        let elsewhere = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        let moved = "RE" + String(repeating: "9", count: 32)
        media.serve(inside.media, as: moved)
        elsewhere.serve(outside.media, as: outside.recordingSid)
        try await media.run { base in
            try await elsewhere.run { elsewhereBase in
                media.redirect(inside.recordingSid, to: "/2010-04-01/Accounts/\(Harness.accountSid)/Recordings/\(moved).wav")
                media.redirect(outside.recordingSid, to: Harness.recordingURL(outside.recordingSid, apiBaseURL: elsewhereBase) + ".wav")
                let app = try await harness.application(apiBaseURL: base)
                try await app.test(.router) { client async throws in
                    #expect(try await harness.post(Harness.callback(for: inside, apiBaseURL: base), to: client).status == .noContent)
                    #expect(try await harness.post(Harness.callback(for: outside, apiBaseURL: base), to: client).status == .noContent)
                    await harness.idle()
                }
            }
        }
        #expect(harness.decrypted(inside) == inside.plaintext)
        #expect(elsewhere.requests.isEmpty)
        #expect(harness.decrypted(outside) == nil)
        #expect(try harness.journal.failed().map(\.recordingSid) == [outside.recordingSid])
    }

    @Test func downloadsRunAtMostTheCapAtOnce() async throws {
        let harness = try Harness()
        let recordings = try (0..<3).map { _ in try harness.makeRecording() }
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        for recording in recordings { media.serve(recording.media, as: recording.recordingSid) }
        media.hold()
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base, maximumDownloads: 1)
            try await app.test(.router) { client async throws in
                for recording in recordings {
                    #expect(try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client).status == .noContent)
                }
                #expect(try await harness.eventually { media.requests.count == 1 })
                // Held at the fake: with a cap of one, no second download may start meanwhile.
                #expect(media.requests.count == 1)
                media.release()
                await harness.idle()
            }
        }
        #expect(media.requests.count == 3)
        for recording in recordings { #expect(harness.decrypted(recording) == recording.plaintext) }
    }

    @Test(arguments: [0o755, 0o750, 0o701])
    func aRecordingsFolderOpenToOthersStopsStartUpWithOneLine(mode: Int) throws {
        let harness = try Harness()
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: harness.recordingsDirectory.path)
        let configuration = RecordingConfiguration(recordingsDirectory: harness.recordingsDirectory.path, keysDirectory: harness.keysDirectory.path)
        let error = #expect(throws: ConfigurationError.self) {
            try RecordingPipelineService(configuration: configuration, client: Harness.client, logger: harness.logs.logger())
        }
        #expect(error?.description.contains("RECORDINGS_DIR is open to others") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func aRecordingsFolderThatIsALinkStopsStartUp() throws {
        let harness = try Harness()
        let link = harness.root.appendingPathComponent("linked")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: harness.recordingsDirectory.path)
        let configuration = RecordingConfiguration(recordingsDirectory: link.path, keysDirectory: harness.keysDirectory.path)
        #expect(throws: ConfigurationError.self) {
            try RecordingPipelineService(configuration: configuration, client: Harness.client, logger: harness.logs.logger())
        }
    }
}
