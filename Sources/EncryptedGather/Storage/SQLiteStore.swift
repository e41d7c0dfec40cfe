import Foundation
import Logging
import Synchronization

/// The embedded store in one SQLite file (no server), created on first use with owner-only
/// permissions: the account directory, the lockout counters and the used ciphertexts of a single
/// instance. Rows hold keyed hashes, account numbers and balances in cents: no digits of any field.
public final class SQLiteStore: AccountDirectory {
    let file: SQLiteFile
    private let isOpen = Atomic(true)

    private init(file: SQLiteFile) {
        self.file = file
    }

    /// Opens (creating if needed) the directory at `path`. With `hashKeyID`, the id of the key its
    /// credential hashes use is recorded the first time and must match ever after: a directory read
    /// with another key would silently find nobody.
    public static func open(path: String, hashKeyID: String? = nil, logger: Logger) async throws(ConfigurationError) -> SQLiteStore {
        try PrivateFile.prepare(path)
        let file: SQLiteFile
        do {
            file = try await SQLiteFile.open(path: path)
        } catch {
            throw .file(path, "cannot open the account directory (ACCOUNTS_DB): \(error)")
        }
        do {
            try await file.run { file in
                try file.execute(
                    """
                    CREATE TABLE IF NOT EXISTS accounts (
                        credential_hash TEXT PRIMARY KEY NOT NULL,
                        account TEXT NOT NULL,
                        balance_cents INTEGER NOT NULL
                    )
                    """)
                try file.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
                try file.execute(
                    """
                    CREATE TABLE IF NOT EXISTS lockouts (
                        lockout_key TEXT PRIMARY KEY NOT NULL,
                        window_start INTEGER NOT NULL,
                        failures INTEGER NOT NULL,
                        locked_until INTEGER NOT NULL,
                        lockouts INTEGER NOT NULL,
                        unforgiven INTEGER NOT NULL
                    )
                    """)
                try file.execute("CREATE TABLE IF NOT EXISTS used_ciphertexts (digest TEXT PRIMARY KEY NOT NULL, expires_at INTEGER NOT NULL)")
                // The clean-ups find what they forget through these: a scan of a day's used
                // ciphertexts took ~4 ms per 100,000 rows and held every verification behind it.
                try file.execute("CREATE INDEX IF NOT EXISTS used_ciphertexts_by_expiry ON used_ciphertexts (expires_at)")
                try file.execute("CREATE INDEX IF NOT EXISTS lockouts_by_window ON lockouts (window_start)")
                // Every verification writes (a used ciphertext, a lockout count): a write-ahead
                // log synced at checkpoints, not an fsync per verification. A power cut may forget
                // the last moments' counts; the -wal and -shm files take the file's 0600 mode.
                try file.execute("PRAGMA journal_mode = WAL")
                try file.execute("PRAGMA synchronous = NORMAL")
                // The log is reused, not shrunk, once checkpointed: after a spike (a long read
                // holding checkpoints back, a slow disk) it would keep its largest size for as
                // long as the server runs. Cut back when it starts over.
                try file.execute("PRAGMA journal_size_limit = \(SQLiteFile.logSizeLimit)")
                // The used ciphertexts of a day of calls, in memory rather than read back per
                // verification (SQLite's default is 2 MiB).
                try file.execute("PRAGMA cache_size = -32768")
            }
            try await file.checkpointInBackground()
        } catch {
            await file.close()
            throw .file(path, "not a usable account directory (ACCOUNTS_DB): \(error)")
        }
        if let hashKeyID {
            let recorded: String?
            do {
                recorded = try await file.transaction { file in
                    let recorded = try file.execute("SELECT value FROM meta WHERE key = 'pin_hash_key_id'").first?.first?.text
                    if recorded == nil {
                        try file.execute("INSERT INTO meta (key, value) VALUES ('pin_hash_key_id', ?)", [.text(hashKeyID)])
                    }
                    return recorded
                }
            } catch {
                await file.close()
                throw .file(path, "cannot read the account directory's key id (ACCOUNTS_DB): \(error)")
            }
            if let recorded, recorded != hashKeyID {
                await file.close()
                throw .file(path, "its credential hashes use PIN hash key \(recorded), but the key given has id \(hashKeyID): set PIN_HASH_KEY to the directory's key (for one derived from an earlier AES_SECRET, keygen --pin-hash-key-from-aes-secret prints it)")
            }
        }
        return SQLiteStore(file: file)
    }

    public func account(credentialHash: CredentialHash) async throws -> Account? {
        try await file.run { file in try Self.account(credentialHash, in: file) }
    }

    /// The account filed under `credentialHash`. Only inside `file.run`.
    static func account(_ credentialHash: CredentialHash, in file: SQLiteFile) throws -> Account? {
        let rows = try file.execute("SELECT account, balance_cents FROM accounts WHERE credential_hash = ?", [.text(credentialHash.hex)])
        guard let row = rows.first, let number = row[0].text, let cents = row[1].integer else { return nil }
        return Account(number: number, balance: Balance(cents: cents))
    }

    public func add(_ account: Account, credentialHash: CredentialHash) async throws {
        let inserted = try await file.run { file in
            try file.execute(
                "INSERT INTO accounts (credential_hash, account, balance_cents) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING account",
                [.text(credentialHash.hex), .text(account.number), .integer(account.balance.cents)]
            ).count
        }
        guard inserted > 0 else { throw AccountDirectoryError.credentialInUse }
    }

    public func remove(accountNumber: String) async throws -> Int {
        try await file.run { file in
            try file.execute("DELETE FROM accounts WHERE account = ? RETURNING account", [.text(accountNumber)]).count
        }
    }

    public func accountNumbers() async throws -> [String] {
        try await file.run { file in
            try file.execute("SELECT DISTINCT account FROM accounts ORDER BY account").compactMap { $0[0].text }
        }
    }

    /// Closes the file at shutdown; later calls fail.
    public func close() async {
        guard isOpen.exchange(false, ordering: .acquiringAndReleasing) else { return }
        await file.close()
    }
}
