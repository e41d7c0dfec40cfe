import SQLiteNIO

extension SQLiteStore: LockoutStore {
    public func isLocked(_ key: LockoutKey, now: Int64) async throws -> Bool {
        try await record(key)?.isLocked(now: now) ?? false
    }

    public func recordFailure(_ key: LockoutKey, now: Int64, policy: LockoutPolicy) async throws -> Bool {
        try await exclusive.run {
            var record = try await record(key) ?? LockoutRecord()
            let locks = record.fail(now: now, policy: policy)
            try await save(record, key)
            return locks
        }
    }

    public func resetFailures(_ key: LockoutKey) async throws {
        try await exclusive.run {
            guard var record = try await record(key) else { return }
            record.succeed()
            try await save(record, key)
        }
    }

    private func record(_ key: LockoutKey) async throws -> LockoutRecord? {
        let rows = try await connection.query(
            "SELECT window_start, failures, locked_until, lockouts FROM lockouts WHERE lockout_key = ?", [.text(key.hex)])
        guard let row = rows.first,
              let windowStart = row.column("window_start")?.integer, let failures = row.column("failures")?.integer,
              let lockedUntil = row.column("locked_until")?.integer, let lockouts = row.column("lockouts")?.integer
        else { return nil }
        return LockoutRecord(windowStart: Int64(windowStart), failures: failures, lockedUntil: Int64(lockedUntil), lockouts: lockouts)
    }

    private func save(_ record: LockoutRecord, _ key: LockoutKey) async throws {
        _ = try await connection.query(
            """
            INSERT INTO lockouts (lockout_key, window_start, failures, locked_until, lockouts) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (lockout_key) DO UPDATE SET window_start = excluded.window_start, failures = excluded.failures,
                locked_until = excluded.locked_until, lockouts = excluded.lockouts
            """,
            [.text(key.hex), .integer(SQLiteInt64(record.windowStart)), .integer(record.failures),
             .integer(SQLiteInt64(record.lockedUntil)), .integer(record.lockouts)])
    }
}

extension SQLiteStore: UsedCiphertextStore {
    public func markUsed(_ digest: UsedCiphertextDigest, expiresAt: Int64, now: Int64) async throws -> Bool {
        // One statement: a new digest is inserted, an expired one renewed, a live one left alone
        // (and then no row comes back).
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
