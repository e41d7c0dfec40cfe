import Logging
import NIOPosix

/// The file journal as a job store, for the embedded (SQLite) mode: one instance owns
/// `RECORDINGS_DIR`, so holding a job needs no lease; a restart resumes whatever is pending.
///
/// Each write is fsynced and each claim reads a folder: blocking file I/O, done on NIO's blocking
/// pool, since Swift concurrency runs on the event loops that answer the webhooks.
public struct JournalRecordingJobStore: RecordingJobStore {
    /// The journal the jobs live in.
    public let journal: RecordingJournal
    private let logger: Logger

    /// A store over `journal`, logging entries it cannot read to `logger`.
    public init(journal: RecordingJournal, logger: Logger) {
        self.journal = journal
        self.logger = logger
    }

    public var isShared: Bool { false }

    public func enqueue(_ job: RecordingJob) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { [journal] in
            if journal.isDone(job.recordingSid) { return false }
            try journal.record(job)
            return true
        }
    }

    public func claim(limit: Int, excluding: Set<String>, lease: Duration) async throws -> [RecordingJob] {
        try await NIOThreadPool.singleton.runIfActive { [journal, logger] in
            let pending = try journal.pending(onUnreadable: { file in
                logger.error("unreadable recording journal entry moved aside", metadata: ["file": .string(file)])
            })
            return Array(pending.filter { !excluding.contains($0.recordingSid) }.prefix(limit))
        }
    }

    public func renew(_ recordingSid: String, lease: Duration) async throws -> Bool { true }

    public func update(_ job: RecordingJob) async throws {
        try await NIOThreadPool.singleton.runIfActive { [journal] in try journal.record(job) }
    }

    public func complete(_ recordingSid: String) async throws {
        try await NIOThreadPool.singleton.runIfActive { [journal] in
            journal.markDone(recordingSid)
            journal.remove(recordingSid)
        }
    }

    public func fail(_ job: RecordingJob) async throws {
        try await NIOThreadPool.singleton.runIfActive { [journal] in
            try? journal.markFailed(job)
            // A job whose SID is no RecordingSid is not moved (its name is no safe file name): gone.
            journal.remove(job.recordingSid)
        }
    }

    public func release(_ recordingSid: String) async throws {}
}
