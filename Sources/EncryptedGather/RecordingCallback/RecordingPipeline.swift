import Foundation
import Logging

/// Turns RecordingStatusCallbacks into decrypted recordings: journal first, then download the
/// encrypted media (retrying with backoff), stream-decrypt it to `{RECORDINGS_DIR}/{RecordingSid}.wav`
/// and only then forget the job. Pending jobs are picked up again after a restart.
public actor RecordingPipeline {
    private let recordingsDirectory: String
    private let apiBaseURL: String
    private let journal: RecordingJournal
    private let fetcher: any RecordingFetcher
    private let keyRing: RecordingKeyRing
    private let retry: RetryPolicy
    private let maximumDownloads: Int
    private var downloading = 0
    private var downloadWaiters: [CheckedContinuation<Void, Never>] = []
    private let logger: Logger
    private let metrics: RecordingJobMetrics
    private let queue: AsyncStream<RecordingJob>
    private let enqueue: AsyncStream<RecordingJob>.Continuation
    /// RecordingSids being processed: a repeated callback, or one racing its own job resumed from
    /// the journal, must not start a second download into the same `.incoming-` file.
    private var inFlight: Set<String> = []
    /// Jobs accepted or resumed and not yet settled (decrypted, given up, ignored as a repeat or
    /// left pending at shutdown), and who waits for there to be none.
    private var outstanding = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    /// A pipeline writing under `recordingsDirectory`, fetching only below `apiBaseURL`, counting
    /// its jobs in `metrics`.
    public init(
        recordingsDirectory: String, apiBaseURL: String, fetcher: any RecordingFetcher, keyRing: RecordingKeyRing,
        retry: RetryPolicy = .standard, maximumDownloads: Int = 4, logger: Logger, metrics: RecordingJobMetrics = .disabled
    ) throws {
        self.metrics = metrics
        self.maximumDownloads = max(1, maximumDownloads)
        self.recordingsDirectory = recordingsDirectory
        self.apiBaseURL = apiBaseURL.hasSuffix("/") ? String(apiBaseURL.dropLast()) : apiBaseURL
        self.journal = try RecordingJournal(recordingsDirectory: recordingsDirectory)
        self.fetcher = fetcher
        self.keyRing = keyRing
        self.retry = retry
        self.logger = logger
        (queue, enqueue) = AsyncStream.makeStream(of: RecordingJob.self)
    }

    /// Journals a completed, encrypted recording for download; returns once it is durable.
    ///
    /// - Throws: `RecordingCallbackError` for a callback that can never be processed.
    /// - Returns: the job, or `nil` when the recording was decrypted before: a replayed callback
    ///   is acknowledged and not fetched again.
    public func accept(_ callback: RecordingStatusCallback) throws(RecordingCallbackError) -> RecordingJob? {
        do {
            let job = try admit(callback)
            metrics.count(job == nil ? .repeated : .accepted)
            return job
        } catch {
            metrics.count(.refused)
            throw error
        }
    }

    private func admit(_ callback: RecordingStatusCallback) throws(RecordingCallbackError) -> RecordingJob? {
        guard let details = callback.encryptionDetails else { throw .missing("EncryptionDetails") }
        guard let recordingURL = callback.recordingURL else { throw .missing("RecordingUrl") }
        let job = RecordingJob(recordingSid: callback.recordingSid, mediaURL: recordingURL + ".wav", encryptionDetails: details)
        try job.validate(apiBaseURL: apiBaseURL)
        if journal.isDone(job.recordingSid) { return nil }
        do {
            try journal.record(job)
        } catch {
            throw .journalUnavailable
        }
        outstanding += 1
        enqueue.yield(job)
        return job
    }

    /// Processes pending jobs from the journal, then each accepted one, until cancelled.
    public func run() async {
        removeLeftovers()
        let journaled: [RecordingJob]
        do {
            journaled = try journal.pending(onUnreadable: { file in
                logger.error("unreadable recording journal entry moved aside", metadata: ["file": .string(file)])
            })
        } catch {
            logger.error("cannot read the recording journal; pending recordings wait for the next start",
                         metadata: ["directory": .string(journal.directory.path)])
            journaled = []
        }
        // Whoever can write the journal must not choose where credentials go or files are written.
        let pending = journaled.filter { job -> Bool in
            do {
                try job.validate(apiBaseURL: apiBaseURL)
                return true
            } catch {
                logger.error(
                    "recording journal entry refused: it fails the checks a callback must pass",
                    metadata: ["error": .string("\(error)")])
                metrics.count(.refused)
                var refused = job
                refused.lastError = "journal entry refused at load: \(error)"
                try? journal.markFailed(refused)
                journal.remove(refused.recordingSid)
                return false
            }
        }
        if !pending.isEmpty {
            logger.notice("resuming recordings from the journal", metadata: ["count": .stringConvertible(pending.count)])
        }
        outstanding += pending.count
        for _ in pending { metrics.count(.resumed) }
        await withTaskGroup(of: Void.self) { group in
            for job in pending {
                group.addTask { await self.process(job) }
            }
            for await job in queue {
                group.addTask { await self.process(job) }
            }
            group.cancelAll()
        }
    }

    /// Returns once every job accepted so far has settled: decrypted, given up, ignored as a
    /// repeat, or left pending by a shutdown. Tests wait on this instead of sleeping to see that
    /// nothing (more) happens.
    public func waitUntilIdle() async {
        guard outstanding > 0 else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func settle() {
        outstanding -= 1
        guard outstanding == 0 else { return }
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Stops taking new jobs; pending ones stay in the journal for the next start.
    public nonisolated func finish() {
        enqueue.finish()
    }

    private func process(_ job: RecordingJob) async {
        defer { settle() }
        guard inFlight.insert(job.recordingSid).inserted else {
            metrics.count(.repeated)
            logger.info("recording already being downloaded; repeated callback ignored", metadata: ["RecordingSid": .string(job.recordingSid)])
            return
        }
        defer { inFlight.remove(job.recordingSid) }
        var job = job
        let folder = URL(fileURLWithPath: recordingsDirectory)
        let encrypted = folder.appendingPathComponent(".incoming-\(job.recordingSid).wav.enc").path
        let output = folder.appendingPathComponent("\(job.recordingSid).wav").path
        while !Task.isCancelled {
            let failure: (stage: String, description: String, isRetryable: Bool)
            do {
                await acquireDownloadSlot()
                defer { releaseDownloadSlot() }
                try await fetcher.fetch(job.mediaURL, to: encrypted)
                let bytes = try await Self.decrypt(encrypted, to: output, details: job.encryptionDetails, keyRing: keyRing)
                unlink(encrypted)
                journal.markDone(job.recordingSid)
                journal.remove(job.recordingSid)
                metrics.count(.decrypted)
                logger.info(
                    "recording decrypted",
                    metadata: ["RecordingSid": .string(job.recordingSid), "path": .string(output), "bytes": .stringConvertible(bytes)])
                return
            } catch let error as RecordingFetchError {
                failure = ("download", error.description, error.isRetryable)
            } catch {
                // A key not yet in the key ring (or still open to others) or a full disk can be mended by the operator; a
                // recording that fails authentication never will.
                let mendable = (error as? RecordingKeyError)?.isMendable == true || (error as? RecordingFileError)?.isDiskFull == true
                failure = ("decryption", "\(error)", mendable)
            }
            unlink(encrypted)
            // Shutting down mid-attempt is not the recording's fault: it stays pending as it was.
            guard !Task.isCancelled else { return }
            job.attempts += 1
            job.lastError = failure.description
            guard failure.isRetryable, job.attempts < retry.maximumAttempts else {
                giveUp(job)
                return
            }
            do {
                try journal.record(job)
            } catch {
                logger.error("cannot update the recording journal", metadata: ["RecordingSid": .string(job.recordingSid)])
            }
            metrics.count(.retried)
            let delay = retry.delay(afterAttempts: job.attempts)
            logger.warning(
                "recording \(failure.stage) failed; will retry",
                metadata: ["RecordingSid": .string(job.recordingSid), "attempt": .stringConvertible(job.attempts),
                           "retry_in": .string("\(delay)"), "error": .string(failure.description)])
            do { try await Task.sleep(for: delay) } catch { return }
        }
    }

    /// Downloads and decryptions run at most `maximumDownloads` at a time: each holds a socket,
    /// a file and a core.
    private func acquireDownloadSlot() async {
        if downloading < maximumDownloads {
            downloading += 1
            return
        }
        await withCheckedContinuation { downloadWaiters.append($0) }
    }

    private func releaseDownloadSlot() {
        if downloadWaiters.isEmpty {
            downloading -= 1
        } else {
            // The slot passes straight to the next waiter.
            downloadWaiters.removeFirst().resume()
        }
    }

    /// A process killed mid-job leaves its encrypted download (`.incoming-…`) or unverified
    /// plaintext (`.RE….wav.partial-…`); the journal still holds the job, so both are redone.
    private func removeLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: recordingsDirectory)) ?? []
        for name in names where name.hasPrefix(".incoming-") || (name.hasPrefix(".RE") && name.contains(".partial-")) {
            unlink(URL(fileURLWithPath: recordingsDirectory).appendingPathComponent(name).path)
            logger.notice("removed a leftover of an interrupted recording", metadata: ["file": .string(name)])
        }
    }

    private func giveUp(_ job: RecordingJob) {
        metrics.count(.failed)
        try? journal.markFailed(job)
        logger.error(
            "recording could not be decrypted; kept in the journal's failed/ folder",
            metadata: ["RecordingSid": .string(job.recordingSid), "attempts": .stringConvertible(job.attempts),
                       "error": .string(job.lastError ?? "unknown")])
    }

    /// Decryption is long, blocking file I/O: it runs on its own thread, not the cooperative pool.
    private static func decrypt(_ input: String, to output: String, details: String, keyRing: RecordingKeyRing) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try RecordingDecryptor().decrypt(.file(input), to: .newFile(output), details: try EncryptionDetails(json: details), keyRing: keyRing)
                })
            }
        }
    }
}
