import EncryptedGather
import Foundation
import Synchronization
import Testing

/// A recording whose decryption ends while the server shuts down is done: its job must not be
/// left pending, to be fetched and decrypted again at the next start (by then Twilio may have
/// deleted the media, and the job would end in `failed/` beside its decrypted file).
@Suite struct RecordingShutdownTests {
    static let apiBaseURL = "https://api.twilio.test"

    /// Hands over the media only once the pipeline has been cancelled: the download completes as
    /// shutdown begins, and the decryption (which does not stop for it) then finishes.
    final class MediaArrivingAtShutdown: RecordingFetcher {
        let media: [UInt8]
        let fetches = Atomic(0)
        let started: AsyncStream<Void>
        private let start: AsyncStream<Void>.Continuation

        init(media: [UInt8]) {
            self.media = media
            (started, start) = AsyncStream.makeStream()
        }

        func fetch(_ url: String, to path: String) async throws(RecordingFetchError) {
            fetches.add(1, ordering: .relaxed)
            start.yield()
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            guard FileManager.default.createFile(atPath: path, contents: Data(media), attributes: [.posixPermissions: 0o600]) else {
                throw RecordingFetchError("cannot write \(path)", isRetryable: false)
            }
        }
    }

    /// Counts downloads and fails each: a job that is done is never fetched.
    final class CountingFetcher: RecordingFetcher {
        let fetches = Atomic(0)
        func fetch(_ url: String, to path: String) async throws(RecordingFetchError) {
            fetches.add(1, ordering: .relaxed)
            throw RecordingFetchError("no media here", isRetryable: false)
        }
    }

    @Test func aRecordingDecryptedDuringShutdownIsMarkedDone() async throws {
        let harness = try RecordingCallbackHarness()
        let recording = try harness.makeRecording()
        let keyRing = RecordingKeyRing(directory: harness.keysDirectory.path)
        let fetcher = MediaArrivingAtShutdown(media: recording.media)
        let pipeline = try RecordingPipeline(
            recordingsDirectory: harness.recordingsDirectory.path, apiBaseURL: Self.apiBaseURL, fetcher: fetcher, keyRing: keyRing,
            logger: harness.logs.logger())
        let running = Task { await pipeline.run() }
        let callback = try RecordingStatusCallback(parameters: RecordingCallbackHarness.callback(for: recording, apiBaseURL: Self.apiBaseURL))
        #expect(try await pipeline.accept(callback) != nil)
        for await _ in fetcher.started { break }
        running.cancel()
        await running.value

        let output = harness.recordingsDirectory.appendingPathComponent("\(recording.recordingSid).wav")
        #expect(try Data(contentsOf: output) == Data(recording.plaintext))
        let journal = try RecordingJournal(recordingsDirectory: harness.recordingsDirectory.path)
        #expect(journal.isDone(recording.recordingSid))
        #expect(try journal.pending().isEmpty)
        #expect(!harness.logs.all.contains { $0.contains("cannot mark the recording job done") }, "\(harness.logs.all)")

        // The next start has nothing to fetch.
        let next = CountingFetcher()
        let restarted = try RecordingPipeline(
            recordingsDirectory: harness.recordingsDirectory.path, apiBaseURL: Self.apiBaseURL, fetcher: next, keyRing: keyRing,
            logger: harness.logs.logger())
        let rerun = Task { await restarted.run() }
        await restarted.waitUntilIdle()
        rerun.cancel()
        await rerun.value
        #expect(next.fetches.load(ordering: .relaxed) == 0)
        #expect(fetcher.fetches.load(ordering: .relaxed) == 1)
    }
}
