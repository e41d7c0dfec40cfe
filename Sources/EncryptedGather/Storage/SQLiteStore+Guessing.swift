extension SQLiteStore: LockoutStore {
    public func withRecord<T: Sendable>(_ key: LockoutKey, _ change: @escaping @Sendable (inout LockoutRecord) -> T) async throws -> T {
        // Across processes (another `serve` on the same file), the immediate transaction holds
        // the write lock from the read.
        try await file.transaction { file in
            let stored = try Self.record(key, in: file)
            var record = stored ?? LockoutRecord()
            let result = change(&record)
            if record != stored ?? LockoutRecord() { try Self.save(record, key, in: file) }
            return result
        }
    }

    static func record(_ key: LockoutKey, in file: SQLiteFile) throws -> LockoutRecord? {
        let rows = try file.execute(
            "SELECT window_start, failures, locked_until, lockouts, unforgiven FROM lockouts WHERE lockout_key = ?", [.text(key.hex)])
        guard let row = rows.first, let windowStart = row[0].integer, let failures = row[1].integer,
              let lockedUntil = row[2].integer, let lockouts = row[3].integer, let unforgiven = row[4].integer
        else { return nil }
        return LockoutRecord(
            windowStart: windowStart, failures: Int(failures), lockedUntil: lockedUntil, lockouts: Int(lockouts), unforgiven: Int(unforgiven))
    }

    /// Keys idle for a month: by `lockouts_by_window`, not a scan of the table.
    static let forgetIdleLockouts = "DELETE FROM lockouts WHERE window_start < ? AND locked_until < ?"

    static func save(_ record: LockoutRecord, _ key: LockoutKey, in file: SQLiteFile) throws {
        try file.execute(
            """
            INSERT INTO lockouts (lockout_key, window_start, failures, locked_until, lockouts, unforgiven) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (lockout_key) DO UPDATE SET window_start = excluded.window_start, failures = excluded.failures,
                locked_until = excluded.locked_until, lockouts = excluded.lockouts, unforgiven = excluded.unforgiven
            """,
            [.text(key.hex), .integer(record.windowStart), .integer(Int64(record.failures)),
             .integer(record.lockedUntil), .integer(Int64(record.lockouts)), .integer(Int64(record.unforgiven))])
        // Forgetting keys idle for a month now and then keeps the table at the keys in play
        // (callers' numbers come and go).
        if key.hex.hasPrefix("00") {
            let monthAgo = max(record.windowStart, record.lockedUntil) - 30 * 86_400
            try file.execute(forgetIdleLockouts, [.integer(monthAgo), .integer(monthAgo)])
        }
    }
}

extension SQLiteStore: UsedCiphertextStore {
    public func markUsed(_ digest: UsedCiphertextDigest, expiresAt: Int64, now: Int64) async throws -> Bool {
        try await file.run { file in try Self.markUsed(digest, expiresAt: expiresAt, now: now, in: file) }
    }

    /// Ciphertexts past their retention: by `used_ciphertexts_by_expiry`, not a scan of the table.
    static let forgetExpiredCiphertexts = "DELETE FROM used_ciphertexts WHERE expires_at <= ?"

    static func markUsed(_ digest: UsedCiphertextDigest, expiresAt: Int64, now: Int64, in file: SQLiteFile) throws -> Bool {
        // One statement: a new digest is inserted, an expired one renewed, a live one left alone
        // (and then no row comes back).
        let rows = try file.execute(
            """
            INSERT INTO used_ciphertexts (digest, expires_at) VALUES (?, ?)
            ON CONFLICT (digest) DO UPDATE SET expires_at = excluded.expires_at WHERE used_ciphertexts.expires_at <= ?
            RETURNING digest
            """,
            [.text(digest.hex), .integer(expiresAt), .integer(now)])
        if rows.isEmpty { return false }
        // Forgetting expired entries now and then keeps the table at about a retention's worth.
        if digest.hex.hasPrefix("00") {
            try file.execute(forgetExpiredCiphertexts, [.integer(now)])
        }
        return true
    }
}

extension SQLiteStore: VerificationLedger {
    public func settle(_ attempt: VerificationAttempt) async throws -> VerificationVerdict {
        // One hop to the file's thread and one immediate transaction for the whole verification.
        try await file.transaction { file in
            if let used = attempt.usedCiphertext,
               try !Self.markUsed(used.digest, expiresAt: used.expiresAt, now: attempt.now, in: file) {
                return .alreadyUsed
            }
            var stored: [LockoutKey: LockoutRecord] = [:]
            for key in [attempt.card, attempt.caller].compactMap({ $0 }) { stored[key] = try Self.record(key, in: file) }
            let account = try attempt.credentialHash.flatMap { try Self.account($0, in: file) }
            let settled = attempt.settle(stored: stored, account: account)
            for (key, record) in settled.changed { try Self.save(record, key, in: file) }
            return settled.verdict
        }
    }
}
