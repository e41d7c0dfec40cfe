import PostgresNIO

extension PostgresStore: RecordingJobStore {
    /// The database's clock in milliseconds: every instance measures leases by the same clock.
    private static let now: String = "(extract(epoch from clock_timestamp()) * 1000)::bigint"

    public var isShared: Bool { true }

    public func enqueue(_ job: RecordingJob) async throws -> Bool {
        // A new job, or one given up on that Twilio posts again, is (re)queued; a pending one is
        // left as it is; a done one is refused. The second SELECT sees the table as it was before
        // the insert, so it answers only for a SID that was there already.
        let rows = try await client.query(
            """
            WITH queued AS (
                INSERT INTO recording_jobs (recording_sid, media_url, encryption_details, due_at)
                VALUES (\(job.recordingSid), \(job.mediaURL), \(job.encryptionDetails), \(unescaped: Self.now))
                ON CONFLICT (recording_sid) DO UPDATE SET media_url = excluded.media_url, encryption_details = excluded.encryption_details,
                    attempts = 0, last_error = NULL, state = 'pending', due_at = excluded.due_at, lease_until = 0, lease_owner = NULL
                WHERE recording_jobs.state = 'failed'
                RETURNING state)
            SELECT state FROM queued
            UNION ALL SELECT state FROM recording_jobs WHERE recording_sid = \(job.recordingSid) AND NOT EXISTS (SELECT 1 FROM queued)
            """, logger: logger)
        var states: [String] = []
        for try await state in rows.decode(String.self) { states.append(state) }
        return states.first != "done"
    }

    public func claim(limit: Int, excluding: Set<String>, lease: Duration) async throws -> [RecordingJob] {
        guard limit > 0 else { return [] }
        // SKIP LOCKED: instances claiming at once each take other rows instead of waiting.
        let rows = try await client.query(
            """
            UPDATE recording_jobs SET lease_until = \(unescaped: Self.now) + \(Self.milliseconds(lease)), lease_owner = \(instance)
            WHERE recording_sid IN (
                SELECT recording_sid FROM recording_jobs
                WHERE state = 'pending' AND due_at <= \(unescaped: Self.now) AND lease_until <= \(unescaped: Self.now)
                    AND NOT (recording_sid = ANY(\(Array(excluding))))
                ORDER BY due_at LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED)
            RETURNING recording_sid, media_url, encryption_details, attempts, last_error
            """, logger: logger)
        var jobs: [RecordingJob] = []
        for try await (sid, mediaURL, details, attempts, lastError) in rows.decode((String, String, String, Int, String?).self) {
            var job = RecordingJob(recordingSid: sid, mediaURL: mediaURL, encryptionDetails: details)
            job.attempts = attempts
            job.lastError = lastError
            jobs.append(job)
        }
        return jobs
    }

    public func renew(_ recordingSid: String, lease: Duration) async throws -> Bool {
        let rows = try await client.query(
            """
            UPDATE recording_jobs SET lease_until = \(unescaped: Self.now) + \(Self.milliseconds(lease))
            WHERE recording_sid = \(recordingSid) AND lease_owner = \(instance) AND state = 'pending' RETURNING recording_sid
            """, logger: logger)
        for try await _ in rows.decode(String.self) { return true }
        return false
    }

    public func update(_ job: RecordingJob) async throws {
        _ = try await client.query(
            """
            UPDATE recording_jobs SET attempts = \(job.attempts), last_error = \(job.lastError)
            WHERE recording_sid = \(job.recordingSid) AND lease_owner = \(instance)
            """, logger: logger)
    }

    public func complete(_ recordingSid: String) async throws {
        // The encrypted key and media address are of no more use: only the fact of it is kept.
        _ = try await client.query(
            """
            UPDATE recording_jobs SET state = 'done', media_url = '', encryption_details = '', last_error = NULL, lease_until = 0, lease_owner = NULL
            WHERE recording_sid = \(recordingSid)
            """, logger: logger)
    }

    public func fail(_ job: RecordingJob) async throws {
        _ = try await client.query(
            """
            UPDATE recording_jobs SET state = 'failed', attempts = \(job.attempts), last_error = \(job.lastError), lease_until = 0, lease_owner = NULL
            WHERE recording_sid = \(job.recordingSid) AND state = 'pending'
            """, logger: logger)
    }

    public func release(_ recordingSid: String) async throws {
        _ = try await client.query(
            "UPDATE recording_jobs SET lease_until = 0, lease_owner = NULL WHERE recording_sid = \(recordingSid) AND lease_owner = \(instance)",
            logger: logger)
    }

    /// Jobs given up on, oldest first: for the operator and the tests.
    public func failedRecordingJobs() async throws -> [RecordingJob] {
        try await jobs(in: "failed")
    }

    /// Jobs still to do: for the operator and the tests.
    public func pendingRecordingJobs() async throws -> [RecordingJob] {
        try await jobs(in: "pending")
    }

    private func jobs(in state: String) async throws -> [RecordingJob] {
        var jobs: [RecordingJob] = []
        for try await (sid, mediaURL, details, attempts, lastError) in try await client.query(
            """
            SELECT recording_sid, media_url, encryption_details, attempts, last_error FROM recording_jobs
            WHERE state = \(state) ORDER BY due_at
            """, logger: logger
        ).decode((String, String, String, Int, String?).self) {
            var job = RecordingJob(recordingSid: sid, mediaURL: mediaURL, encryptionDetails: details)
            job.attempts = attempts
            job.lastError = lastError
            jobs.append(job)
        }
        return jobs
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}

