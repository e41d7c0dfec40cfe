import PostgresNIO

extension PostgresStore: LockoutStore {
    public func withRecord<T: Sendable>(_ key: LockoutKey, _ change: @escaping @Sendable (inout LockoutRecord) -> T) async throws -> T {
        // One transaction holding the row's lock from the read to the write: another instance
        // changing the same key waits at its lock, then reads this change.
        try await client.withTransaction(logger: logger) { connection in
            let original = try await self.reads(marking: nil, now: 0, locking: [key], lookingUp: nil, on: connection)?.records[key] ?? LockoutRecord()
            var record = original
            let result = change(&record)
            if record != original { try await self.save(record, key, on: connection) }
            try await self.forgetIdleLockouts(after: [(key, record)], holding: [key], on: connection)
            return result
        }
    }

    /// Writes `record` to its row, which this transaction holds locked.
    private func save(_ record: LockoutRecord, _ key: LockoutKey, on connection: PostgresConnection) async throws {
        _ = try await connection.query(
            """
            UPDATE lockouts SET window_start = \(record.windowStart), failures = \(record.failures), locked_until = \(record.lockedUntil),
                lockouts = \(record.lockouts), unforgiven = \(record.unforgiven)
            WHERE lockout_key = \(key.hex)
            """, logger: logger)
    }

    /// As in SQLite: keys idle for a month are forgotten now and then (a change to 1 key in 256).
    /// Never the keys this transaction holds, and never a row another transaction holds: nobody
    /// waits on the clean-up. At most 1,000 at a time, found by `lockouts_by_window`: it runs
    /// while the verification holds its card's row.
    private func forgetIdleLockouts(
        after changes: [(key: LockoutKey, record: LockoutRecord)], holding keys: [LockoutKey], on connection: PostgresConnection
    ) async throws {
        guard let newest = changes.first(where: { $0.key.hex.hasPrefix("00") })?.record else { return }
        let monthAgo = max(newest.windowStart, newest.lockedUntil) - 30 * 86_400
        _ = try await connection.query(
            """
            DELETE FROM lockouts WHERE lockout_key IN (
                SELECT lockout_key FROM lockouts
                WHERE window_start < \(monthAgo) AND locked_until < \(monthAgo) AND lockout_key <> ALL(\(keys.map(\.hex)))
                LIMIT 1000 FOR UPDATE SKIP LOCKED)
            """, logger: logger)
    }
}

extension PostgresStore: VerificationLedger {
    public func settle(_ attempt: VerificationAttempt) async throws -> VerificationVerdict {
        // One transaction: the card's and caller's rows stay locked from their read to their
        // write, so another instance verifying the same card waits here and then reads this one's
        // count; the used ciphertext is kept only if the verification commits.
        try await client.withTransaction(logger: logger) { connection in
            let keys = [attempt.card, attempt.caller].compactMap { $0 }
            guard let reads = try await self.reads(
                marking: attempt.usedCiphertext, now: attempt.now, locking: keys, lookingUp: attempt.credentialHash, on: connection)
            else { return .alreadyUsed }
            if let used = attempt.usedCiphertext { try await self.forgetExpiredCiphertexts(after: used.digest, now: attempt.now, on: connection) }
            let settled = attempt.settle(stored: reads.records, account: reads.account)
            for (key, record) in settled.changed { try await self.save(record, key, on: connection) }
            try await self.forgetIdleLockouts(after: settled.changed, holding: keys, on: connection)
            return settled.verdict
        }
    }

    /// Every read of the ledger, in one statement (a verification's in one round trip instead of
    /// three): the ciphertext marked used (a new digest inserted, an expired one renewed, a live
    /// one left alone); only if it was not used before, the rows of `keys` made if missing and
    /// locked until the transaction ends, in key order as every transaction takes them (two that
    /// share a key, a caller trying two cards, wait for each other, never on each other); and the
    /// account filed under the credential hash. `nil` when the ciphertext was used before. The
    /// account is read from the statement's snapshot, taken before any wait for a locked row:
    /// accounts are filed and removed, never changed in place, so a later snapshot would not
    /// read another.
    private func reads(
        marking used: (digest: UsedCiphertextDigest, expiresAt: Int64)?, now: Int64, locking keys: [LockoutKey],
        lookingUp credentialHash: CredentialHash?, on connection: PostgresConnection
    ) async throws -> (records: [LockoutKey: LockoutRecord], account: Account?)? {
        let rows = try await connection.query(
            """
            WITH used AS (
                INSERT INTO used_ciphertexts (digest, expires_at)
                SELECT \(used?.digest.hex)::text, \(used?.expiresAt)::bigint WHERE \(used != nil)
                ON CONFLICT (digest) DO UPDATE SET expires_at = excluded.expires_at WHERE used_ciphertexts.expires_at <= \(now)
                RETURNING digest
            ), fresh AS (
                SELECT NOT \(used != nil) OR EXISTS (SELECT 1 FROM used) AS fresh
            ), locked AS (
                INSERT INTO lockouts (lockout_key, window_start, failures, locked_until, lockouts, unforgiven)
                SELECT key, 0, 0, 0, 0, 0 FROM unnest(\(Array(Set(keys.map(\.hex))))::text[]) AS key
                WHERE (SELECT fresh FROM fresh) ORDER BY key
                ON CONFLICT (lockout_key) DO UPDATE SET lockout_key = excluded.lockout_key
                RETURNING lockout_key, window_start, failures, locked_until, lockouts, unforgiven
            )
            SELECT fresh.fresh, NULL::text, NULL::bigint, NULL::integer, NULL::bigint, NULL::integer, NULL::integer,
                accounts.account, accounts.balance_cents
            FROM fresh LEFT JOIN accounts ON fresh.fresh AND accounts.credential_hash = \(credentialHash?.hex)::text
            UNION ALL
            SELECT true, lockout_key, window_start, failures, locked_until, lockouts, unforgiven, NULL, NULL FROM locked
            """, logger: logger)
        var isFresh = false
        var records: [LockoutKey: LockoutRecord] = [:]
        var account: Account?
        for try await row in rows.decode((Bool, String?, Int64?, Int?, Int64?, Int?, Int?, String?, Int64?).self) {
            let (fresh, key, windowStart, failures, lockedUntil, lockouts, unforgiven, number, cents) = row
            if let key, let windowStart, let failures, let lockedUntil, let lockouts, let unforgiven {
                records[LockoutKey(hex: key)] = LockoutRecord(
                    windowStart: windowStart, failures: failures, lockedUntil: lockedUntil, lockouts: lockouts, unforgiven: unforgiven)
            } else {
                isFresh = fresh
                if let number, let cents { account = Account(number: number, balance: Balance(cents: cents)) }
            }
        }
        return isFresh ? (records, account) : nil
    }
}

extension PostgresStore: UsedCiphertextStore {
    public func markUsed(_ digest: UsedCiphertextDigest, expiresAt: Int64, now: Int64) async throws -> Bool {
        try await client.withConnection { connection in
            // One statement, atomic on its own.
            guard try await self.reads(marking: (digest, expiresAt), now: now, locking: [], lookingUp: nil, on: connection) != nil else {
                return false
            }
            try await self.forgetExpiredCiphertexts(after: digest, now: now, on: connection)
            return true
        }
    }

    /// Forgets expired entries now and then (after 1 new digest in 256), which keeps the table at
    /// about a retention's worth. At most 1,000 at a time, since a verification may be holding its
    /// card's row meanwhile; rows another transaction holds are left for a later clean-up: nobody
    /// waits on it.
    private func forgetExpiredCiphertexts(after digest: UsedCiphertextDigest, now: Int64, on connection: PostgresConnection) async throws {
        guard digest.hex.hasPrefix("00") else { return }
        _ = try await connection.query(
            """
            DELETE FROM used_ciphertexts WHERE digest IN (
                SELECT digest FROM used_ciphertexts WHERE expires_at <= \(now) LIMIT 1000 FOR UPDATE SKIP LOCKED)
            """, logger: logger)
    }
}
