import EncryptedGather
import Foundation
import Logging
import TestSupport
import Testing

/// What every recording job store promises (the file journal of one instance, the table several
/// share), and what only a shared one must: a job is held by one instance at a time, and a dead
/// instance's job is taken by another once its lease runs out.
@Suite struct RecordingJobStoreContractTests {
    static let apiBaseURL = "https://api.twilio.com"

    static func job(_ digit: Character) -> RecordingJob {
        let sid = "RE" + String(repeating: digit, count: 32)
        return RecordingJob(
            recordingSid: sid, mediaURL: "\(apiBaseURL)/2010-04-01/Accounts/AC\(String(repeating: "0", count: 32))/Recordings/\(sid).wav",
            encryptionDetails: #"{"type":"rsa-sha256","public_key_sid":"CR00","encrypted_cek":"AA","iv":"AA"}"#)
    }

    @Test(arguments: JobStoreKind.allCases)
    func aDoneRecordingIsNeverQueuedAgain(kind: JobStoreKind) async throws {
        try await kind.withStores { store, _ async throws in
            #expect(try await store.enqueue(Self.job("1")))
            #expect(try await store.claim(limit: 10, excluding: [], lease: .seconds(30)).map(\.recordingSid) == [Self.job("1").recordingSid])
            try await store.complete(Self.job("1").recordingSid)
            #expect(try await store.enqueue(Self.job("1")) == false)
            #expect(try await store.claim(limit: 10, excluding: [], lease: .seconds(30)).isEmpty)
        }
    }

    @Test(arguments: JobStoreKind.allCases)
    func aRepeatedCallbackLeavesOneJob(kind: JobStoreKind) async throws {
        try await kind.withStores { store, _ async throws in
            #expect(try await store.enqueue(Self.job("2")))
            #expect(try await store.enqueue(Self.job("2")))
            #expect(try await store.claim(limit: 10, excluding: [], lease: .seconds(30)).count == 1)
        }
    }

    @Test(arguments: JobStoreKind.allCases)
    func aFailedJobIsKeptAsideWithItsReason(kind: JobStoreKind) async throws {
        try await kind.withStores { store, _ async throws in
            _ = try await store.enqueue(Self.job("3"))
            var job = try #require(try await store.claim(limit: 10, excluding: [], lease: .seconds(30)).first)
            job.attempts = 5
            job.lastError = "HTTP 404"
            try await store.fail(job)
            #expect(try await store.claim(limit: 10, excluding: [], lease: .seconds(30)).isEmpty)
        }
    }

    @Test(arguments: JobStoreKind.allCases)
    func anInstanceNeverClaimsWhatItAlreadyHolds(kind: JobStoreKind) async throws {
        try await kind.withStores { store, _ async throws in
            _ = try await store.enqueue(Self.job("4"))
            _ = try await store.enqueue(Self.job("5"))
            let first = try await store.claim(limit: 1, excluding: [], lease: .seconds(30))
            #expect(first.count == 1)
            let second = try await store.claim(limit: 10, excluding: Set(first.map(\.recordingSid)), lease: .seconds(30))
            #expect(second.count == 1)
            #expect(second.first?.recordingSid != first.first?.recordingSid)
        }
    }

    @Test(.enabled(if: PostgresTestServer.isRequired))
    func twoInstancesClaimingAtOnceNeverShareAJob() async throws {
        try await JobStoreKind.postgres.withStores { a, b async throws in
            for digit in "0123456789abcdef" { _ = try await a.enqueue(Self.job(digit)) }
            async let fromA = a.claim(limit: 16, excluding: [], lease: .seconds(30))
            async let fromB = b.claim(limit: 16, excluding: [], lease: .seconds(30))
            let (claimedByA, claimedByB) = try await (fromA, fromB)
            let sidsA = Set(claimedByA.map(\.recordingSid)), sidsB = Set(claimedByB.map(\.recordingSid))
            #expect(sidsA.isDisjoint(with: sidsB))
            #expect(sidsA.count + sidsB.count == 16)
            #expect(try await b.renew(claimedByA.first?.recordingSid ?? "", lease: .seconds(30)) == false)
        }
    }

    @Test(.enabled(if: PostgresTestServer.isRequired))
    func aJobWhoseLeaseRunsOutIsTakenByAnotherInstance() async throws {
        try await JobStoreKind.postgres.withStores { a, b async throws in
            _ = try await a.enqueue(Self.job("6"))
            #expect(try await a.claim(limit: 1, excluding: [], lease: .milliseconds(300)).count == 1)
            #expect(try await b.claim(limit: 1, excluding: [], lease: .seconds(30)).isEmpty)
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await b.claim(limit: 1, excluding: [], lease: .seconds(30)).map(\.recordingSid) == [Self.job("6").recordingSid])
            // The instance that lost it can no longer renew it, nor let it go for the other.
            #expect(try await a.renew(Self.job("6").recordingSid, lease: .seconds(30)) == false)
            try await a.release(Self.job("6").recordingSid)
            #expect(try await a.claim(limit: 1, excluding: [], lease: .seconds(30)).isEmpty)
        }
    }

    @Test(.enabled(if: PostgresTestServer.isRequired))
    func aReleasedJobIsTakenAtOnce() async throws {
        try await JobStoreKind.postgres.withStores { a, b async throws in
            _ = try await a.enqueue(Self.job("7"))
            #expect(try await a.claim(limit: 1, excluding: [], lease: .seconds(30)).count == 1)
            try await a.release(Self.job("7").recordingSid)
            #expect(try await b.claim(limit: 1, excluding: [], lease: .seconds(30)).count == 1)
        }
    }
}

/// The job store kinds: the file journal, and PostgreSQL as `StoreKind` decides.
enum JobStoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case journal
    case postgres

    static var allCases: [JobStoreKind] { PostgresTestServer.isRequired ? [.journal, .postgres] : [.journal] }

    var testDescription: String { rawValue }

    /// Runs `body` with two instances' views of one fresh, empty store (the journal has one view).
    func withStores(_ body: @Sendable (any RecordingJobStore, any RecordingJobStore) async throws -> Void) async throws {
        switch self {
        case .journal:
            let store = JournalRecordingJobStore(
                journal: try RecordingJournal(recordingsDirectory: try Fixture.temporaryDirectory().path), logger: Logger(label: "test"))
            try await body(store, store)
        case .postgres:
            let url = try PostgresTestServer.freshSchema()
            let a = try await PostgresStore.open(url: url, logger: Logger(label: "test"))
            let b = try await PostgresStore.open(url: url, logger: Logger(label: "test"))
            try await a.whileRunning { try await b.whileRunning { try await body(a, b) } }
        }
    }
}
