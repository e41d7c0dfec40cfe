import Foundation
import Logging

/// Turns RecordingStatusCallbacks into decrypted recordings: journal first (a `RecordingJobStore`),
/// then claim the job, download the encrypted media (retrying with backoff), stream-decrypt it to
/// `{RECORDINGS_DIR}/{RecordingSid}.wav` and only then mark the job done. Pending jobs are picked
/// up again after a restart, or by another instance sharing the store once their lease runs out.
public actor RecordingPipeline {
    private let recordingsDirectory: String
    private let apiBaseURL: String
    private let jobs: any RecordingJobStore
    private let lease: Duration
    private let fetcher: any RecordingFetcher
    private let keyRing: RecordingKeyRing
    private let retry: RetryPolicy
    private let maximumDownloads: Int
    private var downloading = 0
    private var downloadWaiters: [CheckedContinuation<Void, Never>] = []
    private let logger: Logger
    private let metrics: RecordingJobMetrics
    /// A nudge to claim jobs: a callback came, a job ended, or (shared store) time to poll.
    private let wakes: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// RecordingSids this instance holds: a repeated callback, or one racing its own job resumed
    /// from the journal, must not start a second download into the same `.incoming-` file.
    private var inFlight: Set<String> = []
    /// Nudges not yet answered by a claim (the first claim, at start, is one), jobs being worked
    /// on, and who waits for there to be neither.
    private var pendingWakes = 1
    private var running = 0
    private var hasClaimed = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    /// A pipeline writing under `recordingsDirectory`, fetching only below `apiBaseURL`, taking
    /// jobs from `jobs` (by default the file journal in `recordingsDirectory`), each held for
    /// `lease` at a time, counting them in `metrics`.
    public init(
        recordingsDirectory: String, apiBaseURL: String, fetcher: any RecordingFetcher, keyRing: RecordingKeyRing,
        retry: RetryPolicy = .standard, maximumDownloads: Int = 4, jobs: (any RecordingJobStore)? = nil, lease: Duration = .seconds(60),
        logger: Logger, metrics: RecordingJobMetrics = .disabled
    ) throws {
        self.metrics = metrics
        self.maximumDownloads = max(1, maximumDownloads)
        self.recordingsDirectory = recordingsDirectory
        self.apiBaseURL = apiBaseURL.hasSuffix("/") ? String(apiBaseURL.dropLast()) : apiBaseURL
        self.jobs = try jobs ?? JournalRecordingJobStore(journal: RecordingJournal(recordingsDirectory: recordingsDirectory), logger: logger)
        self.lease = lease
        self.fetcher = fetcher
        self.keyRing = keyRing
        self.retry = retry
        self.logger = logger
        (wakes, wake) = AsyncStream.makeStream(of: Void.self)
        wake.yield()
    }

    /// Journals a completed, encrypted recording for download; returns once it is durable.
    ///
    /// - Throws: `RecordingCallbackError` for a callback that can never be processed.
    /// - Returns: the job, or `nil` when the recording was decrypted before: a replayed callback
    ///   is acknowledged and not fetched again.
    public func accept(_ callback: RecordingStatusCallback) async throws(RecordingCallbackError) -> RecordingJob? {
        do {
            let job = try await admit(callback)
            metrics.count(job == nil || inFlight.contains(job!.recordingSid) ? .repeated : .accepted)
            return job
        } catch {
            metrics.count(.refused)
            throw error
        }
    }

    private func admit(_ callback: RecordingStatusCallback) async throws(RecordingCallbackError) -> RecordingJob? {
        guard let details = callback.encryptionDetails else { throw .missing("EncryptionDetails") }
        guard let recordingURL = callback.recordingURL else { throw .missing("RecordingUrl") }
        let job = RecordingJob(recordingSid: callback.recordingSid, mediaURL: recordingURL + ".wav", encryptionDetails: details)
        try job.validate(apiBaseURL: apiBaseURL)
        let queued: Bool
        do {
            queued = try await jobs.enqueue(job)
        } catch {
            throw .journalUnavailable
        }
        guard queued else { return nil }
        if inFlight.contains(job.recordingSid) {
            logger.info("recording already being downloaded; repeated callback ignored", metadata: ["RecordingSid": .string(job.recordingSid)])
        }
        nudge()
        return job
    }

    /// Claims due jobs and works on each, until cancelled or `finish`ed. With a shared store it
    /// also polls, for jobs other instances accepted or let go of.
    public func run() async {
        removeLeftovers()
        await withTaskGroup(of: Void.self) { group in
            if jobs.isShared {
                // A quarter of the lease, between 0.25 s and 2 s: a dead instance's job waits
                // about its lease, a new one hardly at all.
                let interval = min(max(lease / 4, .milliseconds(250)), .seconds(2))
                group.addTask {
                    while (try? await Task.sleep(for: interval)) != nil { await self.nudge() }
                }
            }
            for await _ in wakes {
                for job in await claim() {
                    group.addTask { await self.process(job) }
                }
                pendingWakes -= 1
                resumeIdleWaitersIfIdle()
            }
            group.cancelAll()
        }
        pendingWakes = 0
        running = 0
        resumeIdleWaitersIfIdle()
    }

    private func nudge() {
        pendingWakes += 1
        wake.yield()
    }

    /// Due jobs, each checked as a callback is, and counted as held before its task starts.
    private func claim() async -> [RecordingJob] {
        let limit = jobs.isShared ? maximumDownloads - running : Int.max
        guard limit > 0 else { return [] }
        let claimed: [RecordingJob]
        do {
            claimed = try await jobs.claim(limit: limit, excluding: inFlight, lease: lease)
        } catch {
            logger.error("cannot read the recording jobs; pending recordings wait for the next try", metadata: ["error": .string("\(error)")])
            return []
        }
        // Whoever can write the journal (or the table) must not choose where credentials go or
        // files are written.
        var accepted: [RecordingJob] = []
        for job in claimed {
            do {
                try job.validate(apiBaseURL: apiBaseURL)
                accepted.append(job)
            } catch {
                logger.error(
                    "recording journal entry refused: it fails the checks a callback must pass",
                    metadata: ["error": .string("\(error)")])
                metrics.count(.refused)
                var refused = job
                refused.lastError = "journal entry refused at load: \(error)"
                try? await jobs.fail(refused)
            }
        }
        if !hasClaimed, !accepted.isEmpty {
            logger.notice("resuming recordings from the journal", metadata: ["count": .stringConvertible(accepted.count)])
            for _ in accepted { metrics.count(.resumed) }
        }
        hasClaimed = true
        for job in accepted { inFlight.insert(job.recordingSid) }
        running += accepted.count
        return accepted
    }

    /// Returns once every job accepted so far has settled: decrypted, given up, ignored as a
    /// repeat, or left pending by a shutdown. Tests wait on this instead of sleeping to see that
    /// nothing (more) happens.
    public func waitUntilIdle() async {
        guard pendingWakes > 0 || running > 0 else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func resumeIdleWaitersIfIdle() {
        guard pendingWakes <= 0, running <= 0 else { return }
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    private func settle(_ recordingSid: String) {
        inFlight.remove(recordingSid)
        running -= 1
        // A shared store may hold more due jobs than were claimed: claim again now there is room.
        if jobs.isShared { nudge() }
        resumeIdleWaitersIfIdle()
    }

    /// Stops taking new jobs; pending ones stay for the next start (or another instance).
    public nonisolated func finish() {
        wake.finish()
    }

    private func process(_ job: RecordingJob) async {
        var job = job
        await work(on: &job)
        settle(job.recordingSid)
    }

    private func work(on job: inout RecordingJob) async {
        let recordingSid = job.recordingSid
        // The job stays held while it downloads or waits to retry; a dead instance stops renewing.
        let renewal: Task<Void, Never>? = jobs.isShared ? Task { [jobs, lease, logger] in
            while (try? await Task.sleep(for: lease / 3)) != nil {
                if (try? await jobs.renew(recordingSid, lease: lease)) == false {
                    logger.warning("recording job lease lost to another instance", metadata: ["RecordingSid": .string(recordingSid)])
                }
            }
        } : nil
        defer { renewal?.cancel() }
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
                do {
                    // Done even when shutdown cancelled this task meanwhile (the decryption does
                    // not stop for it), or the job would be fetched and decrypted again at the
                    // next start.
                    try await Self.despiteCancellation { [jobs] in try await jobs.complete(recordingSid) }
                } catch {
                    logger.error("cannot mark the recording job done", metadata: ["RecordingSid": .string(job.recordingSid), "error": .string("\(error)")])
                }
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
            guard !Task.isCancelled else { break }
            job.attempts += 1
            job.lastError = failure.description
            guard failure.isRetryable, job.attempts < retry.maximumAttempts else {
                await giveUp(job)
                return
            }
            do {
                try await jobs.update(job)
            } catch {
                logger.error("cannot update the recording journal", metadata: ["RecordingSid": .string(job.recordingSid)])
            }
            metrics.count(.retried)
            let delay = retry.delay(afterAttempts: job.attempts)
            logger.warning(
                "recording \(failure.stage) failed; will retry",
                metadata: ["RecordingSid": .string(job.recordingSid), "attempt": .stringConvertible(job.attempts),
                           "retry_in": .string("\(delay)"), "error": .string(failure.description)])
            do { try await Task.sleep(for: delay) } catch { break }
        }
        // Cancelled: another instance may take the job at once rather than after the lease.
        try? await Self.despiteCancellation { [jobs] in try await jobs.release(recordingSid) }
    }

    /// Runs `change` to the job store outside the calling task, so a cancelled worker (shutdown)
    /// still records what happened: a store may refuse a cancelled task's work (the journal's
    /// thread pool does).
    private static func despiteCancellation(_ change: @escaping @Sendable () async throws -> Void) async throws {
        try await Task { try await change() }.value
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

    private func giveUp(_ job: RecordingJob) async {
        metrics.count(.failed)
        try? await jobs.fail(job)
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
