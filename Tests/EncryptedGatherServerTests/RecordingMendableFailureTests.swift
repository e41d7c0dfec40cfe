import AsyncHTTPClient
import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Failures the operator can mend are retried, not given up on: a key not yet in the key ring,
/// a journal entry that cannot be read, a journal that cannot be written.
@Suite struct RecordingMendableFailureTests {
    typealias Harness = RecordingCallbackHarness

    @Test func aKeyAddedToTheKeyRingAfterTheCallbackStillDecryptsTheRecording() async throws {
        let harness = try Harness()
        let pem = try harness.removeKey()
        let recording = try harness.makeRecording()
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                #expect(try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client).status == .noContent)
                #expect(try await harness.eventually { harness.logs.all.contains { $0.contains("recording decryption failed; will retry") } })
                try harness.putKeyBack(pem)
                #expect(try await harness.eventually { harness.decrypted(recording) == recording.plaintext })
            }
        }
        #expect(try harness.journal.failed().isEmpty)
        #expect(try harness.journal.pending().isEmpty)
    }

    /// The review added a key others could read while the server ran, and it was used: the
    /// 0600 check ran at start-up only. Now the key is refused at each load until it is mended.
    @Test func aKeyAddedOpenToOthersIsRefusedUntilItIsOwnerOnly() async throws {
        let harness = try Harness()
        let pem = try harness.removeKey()
        let recording = try harness.makeRecording()
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                try harness.putKeyBack(pem, mode: 0o644)
                #expect(try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client).status == .noContent)
                #expect(try await harness.eventually { harness.logs.all.contains { $0.contains("open to others; run chmod 600") } })
                #expect(harness.decrypted(recording) == nil)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: harness.keyFile.path)
                #expect(try await harness.eventually { harness.decrypted(recording) == recording.plaintext })
            }
        }
        #expect(try harness.journal.failed().isEmpty)
    }

    @Test func anUnreadableJournalEntryIsMovedAsideAndReportedNotDropped() throws {
        let harness = try Harness()
        let journal = try harness.journal
        try Data("not json".utf8).write(to: journal.directory.appendingPathComponent("RE\(String(repeating: "9", count: 32)).json"))
        var reported: [String] = []
        #expect(try journal.pending(onUnreadable: { reported.append($0) }).isEmpty)
        #expect(reported.count == 1)
        #expect(reported.first.map { FileManager.default.fileExists(atPath: $0) } == true)
    }

    @Test func aJournalThatCannotBeWrittenAnswers503SoTheCallbackIsNotTakenAsDone() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording(byteCount: 16)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            // Root ignores permissions, so the journal folder is replaced by a file instead.
            let journal = try harness.journal.directory
            try FileManager.default.removeItem(at: journal)
            try Data().write(to: journal)
            try await app.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client)
                #expect(answer.status == .serviceUnavailable)
            }
        }
        #expect(media.requests.isEmpty)
    }
}

/// The key ring is checked once at start-up, like every other secret.
@Suite struct RecordingKeyRingStartupTests {
    typealias Harness = RecordingCallbackHarness

    @Test func aPrivateKeyOthersCanReadStopsStartUpWithOneLine() throws {
        let harness = try Harness()
        let keyFile = harness.keyFile
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile.path)
        let error = #expect(throws: ConfigurationError.self) {
            _ = try RecordingPipelineService(
                configuration: RecordingConfiguration(recordingsDirectory: harness.recordingsDirectory.path, keysDirectory: harness.keysDirectory.path),
                client: .shared, logger: harness.logs.logger())
        }
        #expect(error?.description.contains("chmod 600") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func aKeyFileThatIsNotAKeyStopsStartUpWithOneLine() throws {
        let harness = try Harness()
        let keyFile = harness.keyFile
        try "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n".write(to: keyFile, atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigurationError.self) {
            _ = try RecordingPipelineService(
                configuration: RecordingConfiguration(recordingsDirectory: harness.recordingsDirectory.path, keysDirectory: harness.keysDirectory.path),
                client: .shared, logger: harness.logs.logger())
        }
        #expect(error?.description.hasPrefix("RECORDING_KEYS_DIR: ") == true)
        #expect(error?.description.contains("\n") == false)
    }
}

/// What a process killed mid-job leaves behind is cleared at the next start; the journal redoes it.
@Suite struct RecordingLeftoverTests {
    typealias Harness = RecordingCallbackHarness

    @Test func leftoversOfAnInterruptedJobAreRemovedAtStartAndOtherFilesKept() async throws {
        let harness = try Harness()
        let folder = harness.recordingsDirectory
        let leftovers = [".incoming-RE\(String(repeating: "a", count: 32)).wav.enc", ".RE\(String(repeating: "b", count: 32)).wav.partial-x1y2"]
        let kept = "RE\(String(repeating: "c", count: 32)).wav"
        for name in leftovers + [kept] { try Data([1, 2, 3]).write(to: folder.appendingPathComponent(name)) }
        let service = try RecordingPipelineService(
            configuration: RecordingConfiguration(recordingsDirectory: folder.path, keysDirectory: harness.keysDirectory.path),
            client: .shared, logger: harness.logs.logger())
        let running = Task { await service.pipeline.run() }
        #expect(try await harness.eventually { try harness.recordingsDirectoryEntries().sorted() == [".journal", kept] })
        service.pipeline.finish()
        await running.value
    }
}
