import EncryptedGather
import Foundation
import Logging
import Testing

/// The embedded store under steady writes: its write-ahead log is checkpointed by a connection of
/// its own and stays bounded, and a second process's connection sees every commit.
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
        var largestLog = 0
        for number in 0..<8000 {
            #expect(try await store.settle(attempt(number)) == .found(account))
            if number % 500 == 0 {
                let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
                largestLog = max(largestLog, size ?? 0)
            }
        }
        await store.close()
        // Each commit adds a 4 KiB page or more: 8,000 of them unchecked would be over 30 MiB.
        #expect(largestLog < 20 << 20, "the -wal file reached \(largestLog) bytes")
        let reopened = try await SQLiteStore.open(path: path, logger: Logger(label: "test"))
        #expect(try await reopened.settle(attempt(7999)) == .alreadyUsed)
        await reopened.close()
    }
}
