import Logging
import PostgresNIO

/// The store a process opened, whichever database holds it: the one place that chooses between
/// SQLite and PostgreSQL, for `serve` and the `accounts` commands alike.
public struct OpenedStore: Sendable {
    /// Accounts, lockout counters and used ciphertexts.
    public let store: any GuardedAccountStore
    /// Where recording jobs wait when several instances share them; `nil` for the embedded store,
    /// whose instance keeps them in its own file journal.
    public let recordingJobs: (any RecordingJobStore)?
    /// What must run while the store is used (PostgreSQL's pool), as a service of the server's group.
    public let client: PostgresClient?
    /// Where it is, safe to print.
    public let location: DatabaseLocation
    private let closer: @Sendable () async -> Void

    /// Opens `location` (creating or migrating its tables), checks the PIN hash key id, and in
    /// dev mode files the demo account when its credential is free.
    ///
    /// - Throws: one line naming `setting`: an unusable file, an unreachable server, a database of
    ///   another key. Never a password.
    public static func open(
        _ location: DatabaseLocation, setting: String = "ACCOUNTS_DB", hashKeyID: String? = nil,
        demo: (account: Account, credential: CredentialHash)? = nil, logger: Logger
    ) async throws(ConfigurationError) -> OpenedStore {
        switch location {
        case .sqlite(let path):
            let store = try await SQLiteStore.open(path: path, hashKeyID: hashKeyID, logger: logger)
            if let demo {
                do {
                    // Seeded at every start; the demo caller's values are filed once.
                    if try await store.account(credentialHash: demo.credential) == nil {
                        try await store.add(demo.account, credentialHash: demo.credential)
                    }
                } catch {
                    await store.close()
                    throw .file(path, "cannot seed the demo account: \(error)")
                }
            }
            return OpenedStore(store: store, recordingJobs: nil, client: nil, location: location) { await store.close() }
        case .postgres(let url):
            let store = try await PostgresStore.open(url: url, setting: setting, hashKeyID: hashKeyID, demo: demo, logger: logger)
            // The pool closes when its run() ends; nothing else is held.
            return OpenedStore(store: store, recordingJobs: store, client: store.client, location: location) {}
        }
    }

    /// Runs `body` with the store usable (PostgreSQL's pool running), then closes it: for a
    /// command's whole life.
    public func whileOpen<T: Sendable>(_ body: @Sendable (any GuardedAccountStore) async throws -> T) async throws -> T {
        guard let store = store as? PostgresStore else {
            do {
                let result = try await body(store)
                await closer()
                return result
            } catch {
                await closer()
                throw error
            }
        }
        return try await store.whileRunning { try await body(store) }
    }

    /// Runs PostgreSQL's pool until a graceful shutdown or cancellation (a server's service does);
    /// returns at once for SQLite.
    public func runPool() async {
        await client?.run()
    }

    /// Closes the SQLite file; PostgreSQL's pool closes with its service.
    public func close() async {
        await closer()
    }
}
