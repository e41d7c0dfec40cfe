@testable import EncryptedGather
import Foundation
import Logging
import Testing

/// The embedded store under steady writes: transactions that queue up are committed together yet
/// kept or rolled back each on its own, and the write-ahead log is checkpointed by a connection of
/// its own and stays bounded.
@Suite struct SQLiteStoreTests {
    let hasher = CredentialHasher(derivingFrom: Fixture.secret)

    func attempt(_ number: Int) -> VerificationAttempt {
        VerificationAttempt(
            usedCiphertext: (UsedCiphertextDigest(hex: String(format: "%064x", number)), 1_000_000),
            card: hasher.lockoutKey(.card, Digits("1234")), caller: nil,
            credentialHash: hasher.credentialHash(of: [Digits("1234"), Digits("4321")]), now: 1000, policy: LockoutPolicy())
    }

    @Test func theWriteAheadLogIsCheckpointedWhileVerificationsGoOn() async throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("store.sqlite").path
        let store = try await SQLiteStore.open(path: path, logger: Logger(label: "test"))
        let account = Account(number: "AC1", balance: Balance(cents: 100))
        try await store.add(account, credentialHash: hasher.credentialHash(of: [Digits("1234"), Digits("4321")]))
        for number in 0..<24_000 {
            #expect(try await store.settle(attempt(number)) == .found(account))
        }
        let startsOver = try logStartsOver(path)
        let background = try await store.file.run { $0.backgroundCheckpoints }
        await store.close()
        // Three pages or more per commit: over 300 MiB of log, which has to start over (be copied
        // to the database in full) at least every 64 MiB. A count, not a size: how far the log
        // grows meanwhile depends on how long the disk takes to sync.
        #expect(startsOver >= 2, "the log started over \(startsOver) times")
        #expect(background > 0, "the second connection never checkpointed")
        let reopened = try await SQLiteStore.open(path: path, logger: Logger(label: "test"))
        #expect(try await reopened.settle(attempt(23_999)) == .alreadyUsed)
        await reopened.close()
    }

    @Test func aLogThatGrewWhileAReaderHeldCheckpointsBackShrinksOnceItStartsOver() async throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("store.sqlite").path
        let store = try await SQLiteStore.open(path: path, logger: Logger(label: "test"))
        let account = Account(number: "AC1", balance: Balance(cents: 100))
        try await store.add(account, credentialHash: hasher.credentialHash(of: [Digits("1234"), Digits("4321")]))
        // A reader's snapshot (a backup, say) keeps checkpoints from copying past it.
        let reader = try await SQLiteFile.open(path: path)
        try await reader.run { file in
            try file.execute("BEGIN")
            try file.execute("SELECT count(*) FROM used_ciphertexts")
        }
        var number = 0
        while logSize(path) <= SQLiteFile.logSizeLimit * 3 / 2, number < 40_000 {
            _ = try await store.settle(attempt(number))
            number += 1
        }
        try await reader.run { try $0.execute("COMMIT") }
        await reader.close()
        let spike = logSize(path)
        try #require(spike > SQLiteFile.logSizeLimit, "the reader did not hold the log back: \(spike) bytes")
        for _ in 0..<20_000 where logSize(path) > SQLiteFile.logSizeLimit {
            _ = try await store.settle(attempt(number))
            number += 1
        }
        let after = logSize(path)
        await store.close()
        #expect(after <= SQLiteFile.logSizeLimit, "the -wal file stayed at \(after) bytes after reaching \(spike)")
    }

    /// Times the log has started over: the checkpoint sequence number in its header.
    private func logStartsOver(_ path: String) throws -> Int {
        let log = try #require(FileHandle(forReadingAtPath: path + "-wal"))
        defer { try? log.close() }
        let header = log.readData(ofLength: 32)
        return header.dropFirst(12).prefix(4).reduce(0) { $0 << 8 | Int($1) }
    }

    private func logSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int) ?? 0
    }

    @Test func ofTransactionsCommittedTogetherOneThatFailsIsRolledBackAlone() async throws {
        let file = try await SQLiteFile.open(path: try Fixture.temporaryDirectory().appendingPathComponent("file.sqlite").path)
        try await file.run { try $0.execute("CREATE TABLE numbers (n INTEGER PRIMARY KEY)") }
        let kept = await withTaskGroup(of: Int?.self) { group in
            for number in 0..<300 {
                group.addTask {
                    do {
                        try await file.transaction { file in
                            try file.execute("INSERT INTO numbers (n) VALUES (?)", [.integer(Int64(number))])
                            if number % 7 == 0 { throw SQLiteError(message: "refused") }
                        }
                        return number
                    } catch {
                        return nil
                    }
                }
            }
            return await group.reduce(into: Set<Int>()) { if let number = $1 { $0.insert(number) } }
        }
        let stored = try await file.run { try $0.execute("SELECT n FROM numbers").compactMap { $0[0].integer }.map(Int.init) }
        let commits = try await file.run { $0.commits }
        await file.close()
        #expect(kept == Set((0..<300).filter { $0 % 7 != 0 }))
        #expect(Set(stored) == kept)
        #expect(commits < kept.count, "every transaction committed alone: nothing was grouped")
    }

    /// Clean-ups run inside a verification's transaction: a scan of the table there would hold
    /// every verification queued behind it for as long as the table is large.
    @Test(arguments: [SQLiteStore.forgetExpiredCiphertexts, SQLiteStore.forgetIdleLockouts])
    func aCleanUpFindsItsRowsByAnIndex(_ statement: String) async throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("store.sqlite").path
        let store = try await SQLiteStore.open(path: path, logger: Logger(label: "test"))
        let plan = try await store.file.run { file in
            try file.execute("EXPLAIN QUERY PLAN " + statement, [.integer(0), .integer(0)].prefix(statement.count { $0 == "?" }).map { $0 })
                .compactMap { $0.last?.text }
        }
        await store.close()
        #expect(plan.contains { $0.hasPrefix("SEARCH") && $0.contains("USING INDEX") }, "plan: \(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "plan: \(plan)")
    }
}
