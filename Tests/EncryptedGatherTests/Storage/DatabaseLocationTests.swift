import EncryptedGather
import Logging
import Testing

/// How `ACCOUNTS_DB` and `DATABASE_URL` choose the store, and what a bad URL says.
@Suite struct DatabaseLocationTests {
    @Test func aPostgresURLIsParsedAndPercentDecoded() throws {
        let location = try DatabaseLocation("postgresql://app%40eg:p%3Ass%2Fw@db.example:6543/accounts%2Dprod?sslmode=require")
        guard case .postgres(let url) = location else { Issue.record("not PostgreSQL"); return }
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.username == "app@eg")
        #expect(url.password == "p:ss/w")
        #expect(url.database == "accounts-prod")
        #expect(url.sslMode == .require)
    }

    @Test func theDefaultsAreThePortTheUserAsDatabaseAndPrefer() throws {
        let url = try PostgresURL("postgres://eg@[::1]", setting: "ACCOUNTS_DB")
        #expect(url.host == "::1")
        #expect(url.port == 5432)
        #expect(url.database == "eg")
        #expect(url.password == nil)
        #expect(url.sslMode == .prefer)
    }

    @Test func anythingElseIsAnSQLitePath() throws {
        #expect(try DatabaseLocation("/var/lib/eg/accounts.sqlite") == .sqlite(path: "/var/lib/eg/accounts.sqlite"))
        #expect(try DatabaseLocation("accounts.sqlite") == .sqlite(path: "accounts.sqlite"))
    }

    @Test(arguments: [
        "postgres://eg:hunter2secret@/db", "postgres://:hunter2secret@host/db", "postgres://eg:hunter2secret@host/db?sslmode=sometimes",
        "postgres://eg:hunter2secret@host:99999/db", "mysql://eg:hunter2secret@host/db", "postgres://eg:hunter2secret@host/db?app=x",
    ])
    func aMalformedURLIsOneLineWithoutThePassword(text: String) {
        do {
            _ = try DatabaseLocation(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(!error.description.contains("hunter2secret"))
            #expect(!error.description.contains("\n"))
            #expect(error.description.hasPrefix("ACCOUNTS_DB "))
        }
    }

    @Test func theDescriptionNeverShowsThePassword() throws {
        let url = try PostgresURL("postgres://eg:hunter2secret@host/db", setting: "ACCOUNTS_DB")
        #expect(url.description == "postgres://eg:***@host:5432/db?sslmode=prefer")
    }

    @Test func accountsDBComesFirstThenAPostgresDatabaseURL() {
        let both = Settings(environment: ["ACCOUNTS_DB": "a.sqlite", "DATABASE_URL": "postgres://eg@host/db"])
        #expect(DatabaseLocation.setting(in: both) == ("ACCOUNTS_DB", "a.sqlite"))
        let databaseURL = Settings(environment: ["DATABASE_URL": "postgres://eg@host/db"])
        #expect(DatabaseLocation.setting(in: databaseURL) == ("DATABASE_URL", "postgres://eg@host/db"))
        #expect(DatabaseLocation.setting(in: Settings()) == ("ACCOUNTS_DB", DatabaseLocation.defaultPath))
    }

    @Test func anUnreachableServerIsOneLineWithoutThePassword() async {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        do {
            _ = try await OpenedStore.open(.postgres(try PostgresURL("postgres://eg:hunter2secret@127.0.0.1:1/db?sslmode=disable", setting: "ACCOUNTS_DB")), logger: .init(label: "test"))
            Issue.record("opened")
        } catch {
            #expect(error.description.hasPrefix("ACCOUNTS_DB: cannot connect to PostgreSQL at postgres://eg:***@127.0.0.1:1/db"))
            #expect(!error.description.contains("hunter2secret"))
            #expect(!error.description.contains("\n"))
        }
    }
}
