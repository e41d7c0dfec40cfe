@testable import EncryptedGather
import Logging
import PostgresNIO
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

/// The PostgreSQL schema at start: replicas starting together, and a directory of another key.
@Suite(.enabled(if: PostgresTestServer.isRequired)) struct PostgresMigrationTests {
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
        @Sendable func facts() async throws -> (indexes: Set<String>, version: String?) {
            var indexes: Set<String> = []
            for try await name in try await store.client.query(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()", logger: logger
            ).decode(String.self) { indexes.insert(name) }
            var version: String?
            for try await value in try await store.client.query(
                "SELECT value FROM encrypted_gather_meta WHERE key = 'schema_version'", logger: logger
            ).decode(String.self) { version = value }
            return (indexes, version)
        }
        try await store.whileRunning {
            #expect(try await facts().indexes.contains("lockouts_by_window"))
            // As an earlier build of the same version left it.
            _ = try await store.client.query("DROP INDEX lockouts_by_window", logger: logger)
            #expect(try await !facts().indexes.contains("lockouts_by_window"))

            _ = try await PostgresStore.open(url: url, hashKeyID: "k1", logger: logger)
            let after = try await facts()
            #expect(after.indexes.contains("lockouts_by_window"))
            #expect(after.version == String(PostgresMigrations.currentVersion))
        }
    }

    @Test func aDirectoryOfAnotherPINHashKeyIsRefused() async throws {
        let url = try PostgresTestServer.freshSchema()
        _ = try await PostgresStore.open(url: url, hashKeyID: "k1", logger: Logger(label: "test"))
        await #expect(throws: ConfigurationError.self) {
            _ = try await PostgresStore.open(url: url, hashKeyID: "k2", logger: Logger(label: "test"))
        }
    }
}
