import PostgresNIO

extension PostgresStore: LockoutStore {
    public func withRecord<T: Sendable>(_ key: LockoutKey, _ change: @Sendable (inout LockoutRecord) -> T) async throws -> T {
        // One transaction holding the row's lock from the read to the write: another instance
        // changing the same key waits at its `FOR UPDATE`, then reads this change.
        try await client.withTransaction(logger: logger) { connection in
            var stored = try await self.lockedRecord(key, on: connection)
            if stored == nil {
                // A first failure for this key: make the row, then lock it like any other (two
                // instances inserting at once both end up reading the one row).
                _ = try await connection.query(
                    """
                    INSERT INTO lockouts (lockout_key, window_start, failures, locked_until, lockouts, unforgiven)
                    VALUES (\(key.hex), 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING
                    """, logger: self.logger)
                stored = try await self.lockedRecord(key, on: connection)
            }
            let original = stored ?? LockoutRecord()
            var record = original
            let result = change(&record)
            if record != original { try await self.save(record, key, on: connection) }
            return result
        }
    }

    private func lockedRecord(_ key: LockoutKey, on connection: PostgresConnection) async throws -> LockoutRecord? {
        let rows = try await connection.query(
            "SELECT window_start, failures, locked_until, lockouts, unforgiven FROM lockouts WHERE lockout_key = \(key.hex) FOR UPDATE",
            logger: logger)
        for try await (windowStart, failures, lockedUntil, lockouts, unforgiven) in rows.decode((Int64, Int, Int64, Int, Int).self) {
            return LockoutRecord(windowStart: windowStart, failures: failures, lockedUntil: lockedUntil, lockouts: lockouts, unforgiven: unforgiven)
        }
        return nil
    }

    private func save(_ record: LockoutRecord, _ key: LockoutKey, on connection: PostgresConnection) async throws {
        _ = try await connection.query(
            """
            UPDATE lockouts SET window_start = \(record.windowStart), failures = \(record.failures), locked_until = \(record.lockedUntil),
                lockouts = \(record.lockouts), unforgiven = \(record.unforgiven)
            WHERE lockout_key = \(key.hex)
            """, logger: logger)
        // As in SQLite: keys idle for a month are forgotten now and then (1 change in 256).
        if key.hex.hasPrefix("00") {
            let monthAgo = max(record.windowStart, record.lockedUntil) - 30 * 86_400
            _ = try await connection.query(
                "DELETE FROM lockouts WHERE window_start < \(monthAgo) AND locked_until < \(monthAgo) AND lockout_key <> \(key.hex)",
                logger: logger)
        }
    }
}

extension PostgresStore: UsedCiphertextStore {
    public func markUsed(_ digest: UsedCiphertextDigest, expiresAt: Int64, now: Int64) async throws -> Bool {
        // One statement, atomic on its own: a new digest is inserted, an expired one renewed, a
        // live one left alone (and then no row comes back).
        let rows = try await client.query(
            """
            INSERT INTO used_ciphertexts (digest, expires_at) VALUES (\(digest.hex), \(expiresAt))
            ON CONFLICT (digest) DO UPDATE SET expires_at = excluded.expires_at WHERE used_ciphertexts.expires_at <= \(now)
            RETURNING digest
            """, logger: logger)
        var inserted = false
        for try await _ in rows.decode(String.self) { inserted = true }
        guard inserted else { return false }
        // Forgetting expired entries now and then keeps the table at about a retention's worth.
        if digest.hex.hasPrefix("00") {
            _ = try await client.query("DELETE FROM used_ciphertexts WHERE expires_at <= \(now)", logger: logger)
        }
        return true
    }
}
