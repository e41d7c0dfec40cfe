import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema, created or brought up to date at start. Every replica runs this at once
/// on a rolling start: a transaction-level advisory lock makes them take turns, so a second one
/// finds the tables made and the version recorded, and no `CREATE` races another.
enum PostgresMigrations {
    /// The lock every replica takes first: "egat" as a number, the same in every version.
    static let advisoryLock: Int64 = 0x6567_6174
    /// The version this build writes and understands.
    static let currentVersion = 1

    /// The steps, in order; step `n` brings the schema to version `n + 1`.
    static let steps: [[PostgresQuery]] = [
        [
            """
            CREATE TABLE IF NOT EXISTS accounts (
                credential_hash TEXT PRIMARY KEY,
                account TEXT NOT NULL,
                balance_cents BIGINT NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS accounts_by_account ON accounts (account)",
            """
            CREATE TABLE IF NOT EXISTS lockouts (
                lockout_key TEXT PRIMARY KEY,
                window_start BIGINT NOT NULL,
                failures INTEGER NOT NULL,
                locked_until BIGINT NOT NULL,
                lockouts INTEGER NOT NULL,
                unforgiven INTEGER NOT NULL
            )
            """,
            "CREATE TABLE IF NOT EXISTS used_ciphertexts (digest TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS used_ciphertexts_by_expiry ON used_ciphertexts (expires_at)",
            // Times in milliseconds of the database's clock, so instances with skewed clocks agree
            // on whose lease has run out.
            """
            CREATE TABLE IF NOT EXISTS recording_jobs (
                recording_sid TEXT PRIMARY KEY,
                media_url TEXT NOT NULL,
                encryption_details TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
                due_at BIGINT NOT NULL,
                lease_until BIGINT NOT NULL DEFAULT 0,
                lease_owner TEXT
            )
            """,
            "CREATE INDEX IF NOT EXISTS recording_jobs_due ON recording_jobs (due_at) WHERE state = 'pending'",
        ]
    ]

    /// Additions every build of `currentVersion` works with, with or without them: indexes, made
    /// at a start that finds them missing. A version step would make replicas of the previous
    /// build refuse the database in the middle of a rolling start; these never do.
    static let compatibleAdditions: [CompatibleAddition] = [
        // The idle-key clean-up finds its rows through this rather than a scan of the table.
        CompatibleAddition(index: "lockouts_by_window", statement: "CREATE INDEX lockouts_by_window ON lockouts (window_start)"),
    ]

    /// How long a start waits for the lock an index is built under (it holds back every writer
    /// of the table, on every replica) before it starts without the index.
    static let additionLockTimeout = "2s"

    /// Brings the schema on `connection` to `currentVersion` in one transaction, then checks the
    /// PIN hash key id as the SQLite store does.
    static func run(on connection: PostgresConnection, schema: String?, hashKeyID: String?, logger: Logger) async throws -> MigrationOutcome {
        try await connection.withTransaction(logger: logger) { connection in
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(advisoryLock))", logger: logger)
            if let schema {
                // Named in the URL (search_path): made here, so a fresh schema needs no other step.
                _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(quoted(schema))"), logger: logger)
            }
            _ = try await connection.query(
                "CREATE TABLE IF NOT EXISTS encrypted_gather_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", logger: logger)
            var version = 0
            for try await value in try await connection.query(
                "SELECT value FROM encrypted_gather_meta WHERE key = 'schema_version'", logger: logger
            ).decode(String.self) {
                version = Int(value) ?? 0
            }
            guard version <= currentVersion else { return .newerSchema(version) }
            for step in steps.dropFirst(version) {
                for statement in step { _ = try await connection.query(statement, logger: logger) }
            }
            for addition in compatibleAdditions { try await add(addition, on: connection, logger: logger) }
            _ = try await connection.query(
                """
                INSERT INTO encrypted_gather_meta (key, value) VALUES ('schema_version', \(String(currentVersion)))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, logger: logger)
            guard let hashKeyID else { return .ready }
            _ = try await connection.query(
                "INSERT INTO encrypted_gather_meta (key, value) VALUES ('pin_hash_key_id', \(hashKeyID)) ON CONFLICT DO NOTHING",
                logger: logger)
            for try await recorded in try await connection.query(
                "SELECT value FROM encrypted_gather_meta WHERE key = 'pin_hash_key_id'", logger: logger
            ).decode(String.self) where recorded != hashKeyID {
                return .otherHashKey(recorded)
            }
            return .ready
        }
    }

    /// Makes `addition` if it is missing. Looked up first: even `CREATE INDEX IF NOT EXISTS` takes
    /// its table's SHARE lock, so every start would wait for the lockout writers in flight and
    /// hold back every replica's writers meanwhile. A missing index is built under that lock
    /// (the table holds only the keys in play) for at most `additionLockTimeout` of waiting; a
    /// start that cannot have the lock, or a role that does not own the table, goes on without
    /// it, says so, and the next start tries again.
    private static func add(_ addition: CompatibleAddition, on connection: PostgresConnection, logger: Logger) async throws {
        var exists = false
        for try await found in try await connection.query("SELECT to_regclass(\(addition.index)) IS NOT NULL", logger: logger).decode(Bool.self) {
            exists = found
        }
        guard !exists else { return }
        _ = try await connection.query("SAVEPOINT addition", logger: logger)
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = '\(additionLockTimeout)'"), logger: logger)
            _ = try await connection.query(addition.statement, logger: logger)
            // Back to the session's own time-out for the rest of the migration.
            _ = try await connection.query("SET LOCAL lock_timeout = DEFAULT", logger: logger)
            _ = try await connection.query("RELEASE SAVEPOINT addition", logger: logger)
        } catch {
            _ = try await connection.query("ROLLBACK TO SAVEPOINT addition", logger: logger)
            logger.notice(
                "PostgreSQL: index not added this start; the store works without it and the next start tries again",
                metadata: ["index": .string(addition.index), "reason": .string(PostgresProblem(error).description)])
        }
    }

    /// `name` as a quoted identifier.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// An index every build of the current schema version works with, with or without it.
struct CompatibleAddition: Sendable {
    /// Its name, looked up in the schema the URL's search_path picks.
    let index: String
    let statement: PostgresQuery
}

/// What a migration found.
enum MigrationOutcome: Sendable {
    /// The schema is current and the hash key matches.
    case ready
    /// A later build migrated this database: this one must not write to it.
    case newerSchema(Int)
    /// The credential hashes use another PIN hash key, whose id this is.
    case otherHashKey(String)
}
