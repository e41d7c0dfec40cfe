import Foundation
import Logging
import PostgresNIO

/// The shared store in PostgreSQL, for several instances behind one Twilio number: the account
/// directory, the lockout counters, the used ciphertexts and the recording job queue. Rows hold
/// keyed hashes, account numbers and balances in cents, never digits. Queries go through
/// postgres-nio's pooled `PostgresClient`, which only serves while its `run()` runs: the server
/// runs it as a service of its group, a command with `whileRunning`.
public final class PostgresStore: AccountDirectory {
    /// The pool; a `Service` to run for the store's life.
    public let client: PostgresClient
    /// The server, for messages (password redacted).
    public let url: PostgresURL
    let logger: Logger
    /// This process's name on the recording jobs it holds.
    let instance = UUID().uuidString

    private init(client: PostgresClient, url: PostgresURL, logger: Logger) {
        self.client = client
        self.url = url
        self.logger = logger
    }

    /// Connects once to `url`, creates or migrates the schema (under an advisory lock) and checks
    /// the PIN hash key id as the SQLite store does; files `demo` when its credential is free.
    ///
    /// - Throws: one line naming `setting` and the server, never its password: unreachable,
    ///   refused, or a database of another key or a newer build.
    public static func open(
        url: PostgresURL, setting: String = "ACCOUNTS_DB", hashKeyID: String? = nil,
        demo: (account: Account, credential: CredentialHash)? = nil, logger: Logger
    ) async throws(ConfigurationError) -> PostgresStore {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: url.connectionConfiguration, id: 0, logger: logger)
        } catch {
            throw .other("\(setting): cannot connect to PostgreSQL at \(url): \(PostgresProblem(error))")
        }
        let outcome: MigrationOutcome
        do {
            outcome = try await PostgresMigrations.run(on: connection, schema: url.schema, hashKeyID: hashKeyID, logger: logger)
            if case .ready = outcome, let demo {
                _ = try await connection.query(Self.insertAccount(demo.account, demo.credential), logger: logger)
            }
        } catch {
            try? await connection.close()
            throw .other("\(setting): cannot prepare the PostgreSQL schema at \(url): \(PostgresProblem(error))")
        }
        try? await connection.close()
        switch outcome {
        case .ready:
            // The pool's own chatter (a connection opened, closed at shutdown) is for debugging;
            // its warnings and errors still show.
            var poolLogger = logger
            poolLogger.logLevel = max(logger.logLevel, .notice)
            return PostgresStore(client: PostgresClient(configuration: url.clientConfiguration, backgroundLogger: poolLogger), url: url, logger: logger)
        case .newerSchema(let version):
            throw .other("\(setting): the database at \(url) has schema version \(version), newer than this build's \(PostgresMigrations.currentVersion): upgrade encrypted-gather")
        case .otherHashKey(let recorded):
            throw .other("\(setting): the credential hashes at \(url) use PIN hash key \(recorded), but the key given has id \(hashKeyID ?? "none"): set PIN_HASH_KEY to the directory's key (for one derived from an earlier AES_SECRET, keygen --pin-hash-key-from-aes-secret prints it)")
        }
    }

    /// Runs `body` while the pool runs (a command's whole life), then stops the pool.
    public func whileRunning<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await self.client.run()
                return nil
            }
            defer { group.cancelAll() }
            // The pool warns about a lease asked for before its run() began: give that task a
            // moment to start (a lease asked for earlier would still wait, not fail).
            try await Task.sleep(for: .milliseconds(20))
            return try await body()
        }
    }

    public func account(credentialHash: CredentialHash) async throws -> Account? {
        let rows = try await client.query(
            "SELECT account, balance_cents FROM accounts WHERE credential_hash = \(credentialHash.hex)", logger: logger)
        for try await (number, cents) in rows.decode((String, Int64).self) {
            return Account(number: number, balance: Balance(cents: cents))
        }
        return nil
    }

    public func add(_ account: Account, credentialHash: CredentialHash) async throws {
        let inserted = try await client.query(Self.insertAccount(account, credentialHash), logger: logger)
        for try await _ in inserted.decode(String.self) { return }
        throw AccountDirectoryError.credentialInUse
    }

    public func remove(accountNumber: String) async throws -> Int {
        var removed = 0
        for try await _ in try await client.query(
            "DELETE FROM accounts WHERE account = \(accountNumber) RETURNING account", logger: logger
        ).decode(String.self) {
            removed += 1
        }
        return removed
    }

    public func accountNumbers() async throws -> [String] {
        var numbers: [String] = []
        for try await number in try await client.query(
            "SELECT DISTINCT account FROM accounts ORDER BY account", logger: logger
        ).decode(String.self) {
            numbers.append(number)
        }
        return numbers
    }

    /// Files an account unless its credential is taken (then no row comes back).
    private static func insertAccount(_ account: Account, _ credentialHash: CredentialHash) -> PostgresQuery {
        """
        INSERT INTO accounts (credential_hash, account, balance_cents) VALUES (\(credentialHash.hex), \(account.number), \(account.balance.cents))
        ON CONFLICT DO NOTHING RETURNING account
        """
    }
}

/// A postgres-nio error as one line. `PSQLError`'s own description is deliberately generic; the
/// server's message and the socket's error say what went wrong, and neither holds the password.
struct PostgresProblem: CustomStringConvertible {
    let description: String

    init(_ error: any Error) {
        if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError
            description = inner.map { PostgresProblem($0).description } ?? "the transaction failed"
        } else if let error = error as? PSQLError {
            if error.code == .sslUnsupported {
                description = "the server offers no TLS (set sslmode=disable only on a trusted network)"
            } else if let message = error.serverInfo?[.message] {
                description = message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            } else if let underlying = error.underlying {
                description = "\(error.code): \(underlying)"
            } else {
                description = "\(error.code)"
            }
        } else {
            description = "\(error)"
        }
    }
}
