@testable import EncryptedGather
import Logging
import PostgresNIO
import Synchronization
import TestSupport
import Testing

/// The store settings as `serve` resolves them, before anything binds.
@Suite struct StoreConfigurationTests {
    func configuration(_ environment: [String: String]) throws(ConfigurationError) -> ServerConfiguration {
        try ServerConfiguration(settings: Settings(environment: ConfigurationTests.valid.merging(environment) { $1 }), isDevelopment: false)
    }

    @Test func aPostgresDatabaseURLIsUsedWhenAccountsDBIsUnset() throws {
        let configuration = try configuration(["DATABASE_URL": "postgres://eg:pw@db/eg"])
        #expect(configuration.accountsDatabase == "postgres://eg:pw@db/eg")
        #expect(configuration.accountsDatabaseSetting == "DATABASE_URL")
        #expect(try self.configuration(["DATABASE_URL": "mysql://eg@db/eg"]).accountsDatabase == DatabaseLocation.defaultPath)
    }

    @Test func aMalformedDatabaseURLStopsStartUpNamingItsSetting() {
        do {
            _ = try configuration(["DATABASE_URL": "postgres://eg:pw@db/eg?sslmode=never"])
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("DATABASE_URL is not a usable PostgreSQL URL"))
            #expect(!error.description.contains(":pw@"))
        }
    }

    @Test func theRecordingLeaseIsSecondsFromOneToAnHour() throws {
        #expect(try configuration([:]).recordings.lease == .seconds(60))
        #expect(try configuration(["RECORDING_LEASE": "5"]).recordings.lease == .seconds(5))
        for bad in ["0", "3601", "1.5", "soon"] {
            #expect(throws: ConfigurationError.invalidSetting("RECORDING_LEASE", value: bad, expected: "a number of seconds from 1 to 3600")) {
                try configuration(["RECORDING_LEASE": bad])
            }
        }
    }
}

/// The PostgreSQL schema at start: replicas starting together, indexes added later, writers in
/// flight, and a directory of another key. One at a time: every start takes the same advisory
/// lock, so one test's held-back start would hold back another's.
@Suite(.enabled(if: PostgresTestServer.isRequired), .serialized) struct PostgresMigrationTests {
    @Test func replicasStartingTogetherAllFindOneSchema() async throws {
        let url = try PostgresTestServer.freshSchema()
        let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<6 {
                group.addTask { _ = try await PostgresStore.open(url: url, hashKeyID: "k1", logger: Logger(label: "test")); return true }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(opened == 6)
    }

    @Test func aDatabaseMadeBeforeAnIndexWasAddedGetsItAtTheNextStartAndKeepsItsVersion() async throws {
        let url = try PostgresTestServer.freshSchema()
        let logger = Logger(label: "test")
        let store = try await PostgresStore.open(url: url, hashKeyID: "k1", logger: logger)
        try await store.whileRunning {
            #expect(try await indexes(of: store).contains("lockouts_by_window"))
            // As an earlier build of the same version left it.
            _ = try await store.client.query("DROP INDEX lockouts_by_window", logger: logger)
            #expect(try await !indexes(of: store).contains("lockouts_by_window"))

            _ = try await PostgresStore.open(url: url, hashKeyID: "k1", logger: logger)
            #expect(try await indexes(of: store).contains("lockouts_by_window"))
            #expect(try await schemaVersion(of: store) == String(PostgresMigrations.currentVersion))
        }
    }

    @Test func aStartDoesNotWaitForLockoutWritersInFlight() async throws {
        let url = try PostgresTestServer.freshSchema()
        let store = try await PostgresStore.open(url: url, hashKeyID: "k1", logger: Logger(label: "test"))
        let elapsed = try await store.whileRunning { try await timedStart(url, whileAWriterHoldsLockoutsOf: store) }
        #expect(try #require(elapsed, "the start waited for the writer") < .seconds(1))
    }

    @Test func aStartThatCannotHaveAnIndexsLockGoesOnWithoutItAndTheNextAddsIt() async throws {
        let url = try PostgresTestServer.freshSchema()
        let logger = Logger(label: "test")
        let store = try await PostgresStore.open(url: url, hashKeyID: "k1", logger: logger)
        try await store.whileRunning {
            _ = try await store.client.query("DROP INDEX lockouts_by_window", logger: logger)
            let elapsed = try await timedStart(url, whileAWriterHoldsLockoutsOf: store)
            #expect(elapsed != nil, "the start waited for the writer")
            #expect(try await indexes(of: store).contains("lockouts_by_window") == false)
            _ = try await PostgresStore.open(url: url, hashKeyID: "k1", logger: logger)
            #expect(try await indexes(of: store).contains("lockouts_by_window"))
        }
    }

    /// How long another start took while a transaction that wrote a lockout row was open (a
    /// verification in flight), or nil when it was still waiting after 5 s.
    private func timedStart(_ url: PostgresURL, whileAWriterHoldsLockoutsOf store: PostgresStore) async throws -> Duration? {
        let logger = Logger(label: "test")
        let finished = Mutex<Duration?>(nil)
        let started = ContinuousClock.now
        let start = Task {
            _ = try await PostgresStore.open(url: url, hashKeyID: "k1", logger: logger)
            finished.withLock { $0 = ContinuousClock.now - started }
        }
        try await store.client.withTransaction(logger: logger) { connection in
            _ = try await connection.query(
                "INSERT INTO lockouts (lockout_key, window_start, failures, locked_until, lockouts, unforgiven) VALUES ('in-flight', 0, 1, 0, 0, 0)",
                logger: logger)
            // A start blocked behind this transaction would wait for ever: give up after 5 s.
            for _ in 0..<50 where finished.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let elapsed = finished.withLock { $0 }
        try await start.value
        return elapsed
    }

    private func indexes(of store: PostgresStore) async throws -> Set<String> {
        var indexes: Set<String> = []
        for try await name in try await store.client.query(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()", logger: Logger(label: "test")
        ).decode(String.self) { indexes.insert(name) }
        return indexes
    }

    private func schemaVersion(of store: PostgresStore) async throws -> String? {
        var version: String?
        for try await value in try await store.client.query(
            "SELECT value FROM encrypted_gather_meta WHERE key = 'schema_version'", logger: Logger(label: "test")
        ).decode(String.self) { version = value }
        return version
    }

    @Test func aDirectoryOfAnotherPINHashKeyIsRefused() async throws {
        let url = try PostgresTestServer.freshSchema()
        _ = try await PostgresStore.open(url: url, hashKeyID: "k1", logger: Logger(label: "test"))
        await #expect(throws: ConfigurationError.self) {
            _ = try await PostgresStore.open(url: url, hashKeyID: "k2", logger: Logger(label: "test"))
        }
    }
}
