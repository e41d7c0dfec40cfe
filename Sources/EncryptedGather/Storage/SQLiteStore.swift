import Foundation
import Logging
import SQLiteNIO
import Synchronization

/// The embedded store in one SQLite file (no server), created on first use with owner-only
/// permissions: the account directory, the lockout counters and the used ciphertexts of a single
/// instance. Rows hold keyed hashes, account numbers and balances in cents: no digits of any field.
public final class SQLiteStore: AccountDirectory {
    let connection: SQLiteConnection
    private let isOpen = Atomic(true)
    /// Read-modify-write steps (a lockout counter) run one at a time: every task shares the one
    /// connection, so another query could otherwise slip between the read and the write.
    let exclusive = AsyncExclusion()

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating if needed) the directory at `path`. With `hashKeyID`, the id of the key its
    /// credential hashes use is recorded the first time and must match ever after: a directory read
    /// with another key would silently find nobody.
    public static func open(path: String, hashKeyID: String? = nil, logger: Logger) async throws(ConfigurationError) -> SQLiteStore {
        try PrivateFile.prepare(path)
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw .file(path, "cannot open the account directory (ACCOUNTS_DB): \(error)")
        }
        do {
            _ = try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS accounts (
                    credential_hash TEXT PRIMARY KEY NOT NULL,
                    account TEXT NOT NULL,
                    balance_cents INTEGER NOT NULL
                )
                """,
                []
            )
            _ = try await connection.query("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)", [])
            _ = try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS lockouts (
                    lockout_key TEXT PRIMARY KEY NOT NULL,
                    window_start INTEGER NOT NULL,
                    failures INTEGER NOT NULL,
                    locked_until INTEGER NOT NULL,
                    lockouts INTEGER NOT NULL,
                    unforgiven INTEGER NOT NULL
                )
                """,
                []
            )
            _ = try await connection.query(
                "CREATE TABLE IF NOT EXISTS used_ciphertexts (digest TEXT PRIMARY KEY NOT NULL, expires_at INTEGER NOT NULL)", [])
            // Several processes (the server, `accounts add`) may open the file at once.
            _ = try await connection.query("PRAGMA busy_timeout = 5000", [])
            // Every verification now writes (a used ciphertext, a lockout count): a write-ahead
            // log synced at checkpoints, not an fsync per verification. A power cut may forget the
            // last moments' counts; the -wal and -shm files take the file's 0600 mode.
            _ = try await connection.query("PRAGMA journal_mode = WAL", [])
            _ = try await connection.query("PRAGMA synchronous = NORMAL", [])
        } catch {
            try? await connection.close()
            throw .file(path, "not a usable account directory (ACCOUNTS_DB): \(error)")
        }
        if let hashKeyID {
            let recorded: String?
            do {
                let rows = try await connection.query("SELECT value FROM meta WHERE key = 'pin_hash_key_id'", [])
                recorded = rows.first?.column("value")?.string
                if recorded == nil {
                    _ = try await connection.query("INSERT INTO meta (key, value) VALUES ('pin_hash_key_id', ?)", [.text(hashKeyID)])
                }
            } catch {
                try? await connection.close()
                throw .file(path, "cannot read the account directory's key id (ACCOUNTS_DB): \(error)")
            }
            if let recorded, recorded != hashKeyID {
                try? await connection.close()
                throw .file(path, "its credential hashes use PIN hash key \(recorded), but the key given has id \(hashKeyID): set PIN_HASH_KEY to the directory's key (for one derived from an earlier AES_SECRET, keygen --pin-hash-key-from-aes-secret prints it)")
            }
        }
        return SQLiteStore(connection: connection)
    }

    public func account(credentialHash: CredentialHash) async throws -> Account? {
        let key = credentialHash.hex
        let rows = try await connection.query(
            "SELECT account, balance_cents FROM accounts WHERE credential_hash = ?", [.text(key)])
        guard let row = rows.first,
              let number = row.column("account")?.string,
              let cents = row.column("balance_cents")?.integer
        else { return nil }
        return Account(number: number, balance: Balance(cents: Int64(cents)))
    }

    public func add(_ account: Account, credentialHash: CredentialHash) async throws {
        let inserted = try await connection.query(
            "INSERT INTO accounts (credential_hash, account, balance_cents) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING account",
            [.text(credentialHash.hex), .text(account.number), .integer(SQLiteInt64(account.balance.cents))]
        )
        guard !inserted.isEmpty else { throw AccountDirectoryError.credentialInUse }
    }

    public func remove(accountNumber: String) async throws -> Int {
        try await connection.query("DELETE FROM accounts WHERE account = ? RETURNING account", [.text(accountNumber)]).count
    }

    public func accountNumbers() async throws -> [String] {
        try await connection.query("SELECT DISTINCT account FROM accounts ORDER BY account", []).compactMap { $0.column("account")?.string }
    }

    /// Closes the file at shutdown; later calls do nothing. sqlite-nio traps when a connection
    /// is released unclosed, so every way out of the server must reach this.
    public func close() async {
        guard isOpen.exchange(false, ordering: .acquiringAndReleasing) else { return }
        // Shutdown runs in cancelled tasks, and a cancelled close gives up before closing: close
        // from a task of its own, which no cancellation reaches.
        let connection = connection
        await Task { try? await connection.close() }.value
    }
}
