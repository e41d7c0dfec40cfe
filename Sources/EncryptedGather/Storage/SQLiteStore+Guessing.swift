import SQLiteNIO

extension SQLiteStore: LockoutStore {
    public func withRecord<T: Sendable>(_ key: LockoutKey, _ change: @Sendable (inout LockoutRecord) -> T) async throws -> T {
        // In process, one change at a time on the shared connection; across processes (another
        // `serve` on the same file), an immediate transaction holds the write lock from the read.
        try await exclusive.run {
            _ = try await connection.query("BEGIN IMMEDIATE", [])
            do {
                let stored = try await record(key)
                var record = stored ?? LockoutRecord()
                let result = change(&record)
                if record != stored ?? LockoutRecord() { try await save(record, key) }
                _ = try await connection.query("COMMIT", [])
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", [])
                throw error
            }
        }
    }

    private func record(_ key: LockoutKey) async throws -> LockoutRecord? {
        let rows = try await connection.query(
            "SELECT window_start, failures, locked_until, lockouts, unforgiven FROM lockouts WHERE lockout_key = ?", [.text(key.hex)])
        guard let row = rows.first,
              let windowStart = row.column("window_start")?.integer, let failures = row.column("failures")?.integer,
              let lockedUntil = row.column("locked_until")?.integer, let lockouts = row.column("lockouts")?.integer,
              let unforgiven = row.column("unforgiven")?.integer
        else { return nil }
        return LockoutRecord(
            windowStart: Int64(windowStart), failures: failures, lockedUntil: Int64(lockedUntil), lockouts: lockouts, unforgiven: unforgiven)
    }

    private func save(_ record: LockoutRecord, _ key: LockoutKey) async throws {
        _ = try await connection.query(
            """
            INSERT INTO lockouts (lockout_key, window_start, failures, locked_until, lockouts, unforgiven) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (lockout_key) DO UPDATE SET window_start = excluded.window_start, failures = excluded.failures,
                locked_until = excluded.locked_until, lockouts = excluded.lockouts, unforgiven = excluded.unforgiven
            """,
            [.text(key.hex), .integer(SQLiteInt64(record.windowStart)), .integer(record.failures),
             .integer(SQLiteInt64(record.lockedUntil)), .integer(record.lockouts), .integer(record.unforgiven)])
        // Forgetting keys idle for a month now and then keeps the table at the keys in play
        // (callers' numbers come and go).
        if key.hex.hasPrefix("00") {
            let monthAgo = SQLiteInt64(max(record.windowStart, record.lockedUntil) - 30 * 86_400)
            _ = try await connection.query(
                "DELETE FROM lockouts WHERE window_start < ? AND locked_until < ?", [.integer(monthAgo), .integer(monthAgo)])
        }
    }
}

extension SQLiteStore: UsedCiphertextStore {
    public func markUsed(_ digest: UsedCiphertextDigest, expiresAt: Int64, now: Int64) async throws -> Bool {
        // One statement: a new digest is inserted, an expired one renewed, a live one left alone
        // (and then no row comes back). Inside the exclusion, so it never runs (and is never
        // rolled back) inside a lockout change's transaction on the shared connection.
        try await exclusive.run { try await insertUsed(digest, expiresAt: expiresAt, now: now) }
    }

    private func insertUsed(_ digest: UsedCiphertextDigest, expiresAt: Int64, now: Int64) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO used_ciphertexts (digest, expires_at) VALUES (?, ?)
            ON CONFLICT (digest) DO UPDATE SET expires_at = excluded.expires_at WHERE used_ciphertexts.expires_at <= ?
            RETURNING digest
            """,
            [.text(digest.hex), .integer(SQLiteInt64(expiresAt)), .integer(SQLiteInt64(now))])
        if rows.isEmpty { return false }
        // Forgetting expired entries now and then keeps the table at about a retention's worth.
        if digest.hex.hasPrefix("00") {
            _ = try await connection.query("DELETE FROM used_ciphertexts WHERE expires_at <= ?", [.integer(SQLiteInt64(now))])
        }
        return true
    }
}
