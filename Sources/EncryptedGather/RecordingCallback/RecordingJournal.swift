import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The durable list of recordings Twilio told us about and we have not yet decrypted: one JSON
/// file per job in `{RECORDINGS_DIR}/.journal/`, written before Twilio gets its answer, so a
/// crash or restart loses nothing. Jobs that cannot succeed move to `.journal/failed/`.
public struct RecordingJournal: Sendable {
    /// The journal folder.
    public let directory: URL
    private var failedDirectory: URL { directory.appendingPathComponent("failed", isDirectory: true) }
    private var doneDirectory: URL { directory.appendingPathComponent("done", isDirectory: true) }

    /// The journal in `recordingsDirectory/.journal`, created owner-only.
    public init(recordingsDirectory: String) throws {
        directory = URL(fileURLWithPath: recordingsDirectory).appendingPathComponent(".journal", isDirectory: true)
        for folder in [failedDirectory, doneDirectory] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// Notes that a recording was decrypted, so a replayed callback for it is not fetched again
    /// (even after the operator moved or deleted the file).
    public func markDone(_ recordingSid: String) {
        let marker = open(doneDirectory.appendingPathComponent(recordingSid).path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if marker >= 0 { close(marker) }
    }

    /// Whether the recording was decrypted before.
    public func isDone(_ recordingSid: String) -> Bool {
        FileManager.default.fileExists(atPath: doneDirectory.appendingPathComponent(recordingSid).path)
    }

    /// Writes `job` durably (temporary file, fsync, rename).
    public func record(_ job: RecordingJob) throws {
        try write(job, to: directory.appendingPathComponent("\(job.recordingSid).json"))
    }

    /// Forgets a finished job.
    public func remove(_ recordingSid: String) {
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("\(recordingSid).json"))
    }

    /// Moves a job that cannot succeed to `failed/`, with its reason, for the operator. A job whose
    /// SID is not a RecordingSid is only removed: its name cannot be trusted as a file name.
    public func markFailed(_ job: RecordingJob) throws {
        guard RecordingStatusCallback.isSid(job.recordingSid, prefix: "RE") else { return }
        try write(job, to: failedDirectory.appendingPathComponent("\(job.recordingSid).json"))
        remove(job.recordingSid)
    }

    /// Every pending job, oldest file first. An entry that cannot be read is moved to
    /// `failed/` (renamed `.unreadable`) and reported to `onUnreadable`, never dropped silently.
    public func pending(onUnreadable: (String) -> Void = { _ in }) throws -> [RecordingJob] {
        try jobs(in: directory, onUnreadable: { file in
            let aside = failedDirectory.appendingPathComponent(file.lastPathComponent + ".unreadable")
            try? FileManager.default.moveItem(at: file, to: aside)
            onUnreadable(aside.path)
        })
    }

    /// Every job that was given up on.
    public func failed() throws -> [RecordingJob] {
        try jobs(in: failedDirectory)
    }

    private func jobs(in folder: URL, onUnreadable: (URL) -> Void = { _ in }) throws -> [RecordingJob] {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])
            .filter { $0.pathExtension == "json" }
            .sorted { ($0.modificationDate ?? .distantPast) < ($1.modificationDate ?? .distantPast) }
        return files.compactMap { file in
            guard let job = try? JSONDecoder().decode(RecordingJob.self, from: Data(contentsOf: file)),
                  file.deletingPathExtension().lastPathComponent == job.recordingSid
            else {
                onUnreadable(file)
                return nil
            }
            return job
        }
    }

    private func write(_ job: RecordingJob, to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(job)
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString)")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0, rename(temporary.path, file.path) == 0 else {
            unlink(temporary.path)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}

extension URL {
    fileprivate var modificationDate: Date? {
        try? resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
    }
}
