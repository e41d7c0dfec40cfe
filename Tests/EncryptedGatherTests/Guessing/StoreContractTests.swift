import EncryptedGather
import Foundation
import Logging
import TestSupport
import Testing

/// What every store promises, whichever database holds it: one suite, run against each kind.
/// A store kind that needs a server it cannot reach fails with `CI=true` rather than skipping.
@Suite struct StoreContractTests {
    let hasher = CredentialHasher(derivingFrom: Fixture.secret)
    let policy = LockoutPolicy(maximumFailures: 3, windowSeconds: 60, durationSeconds: 100)

    func credential(_ card: String, _ pin: String) -> CredentialHash {
        hasher.credentialHash(of: [Digits(card), Digits(pin)])
    }

    @Test(arguments: StoreKind.allCases)
    func aCredentialIsFiledOnceAndNeverReplaced(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            try await store.add(Account(number: "AC1", balance: Balance(cents: 100)), credentialHash: credential("1234", "4321"))
            await #expect(throws: AccountDirectoryError.credentialInUse) {
                try await store.add(Account(number: "AC2", balance: Balance(cents: 200)), credentialHash: credential("1234", "4321"))
            }
            #expect(try await store.account(credentialHash: credential("1234", "4321")) == Account(number: "AC1", balance: Balance(cents: 100)))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func removingAnAccountForgetsEveryCredentialOfIt(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            try await store.add(Account(number: "AC1", balance: Balance(cents: 100)), credentialHash: credential("1234", "4321"))
            try await store.add(Account(number: "AC1", balance: Balance(cents: 100)), credentialHash: credential("9999", "4321"))
            try await store.add(Account(number: "AC0", balance: Balance(cents: 5)), credentialHash: credential("5678", "8765"))
            #expect(try await store.accountNumbers() == ["AC0", "AC1"])
            #expect(try await store.remove(accountNumber: "AC1") == 2)
            #expect(try await store.remove(accountNumber: "AC1") == 0)
            #expect(try await store.account(credentialHash: credential("1234", "4321")) == nil)
            #expect(try await store.accountNumbers() == ["AC0"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aRecordIsKeptWholeAndPerKey(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            let key = LockoutKey(hex: String(repeating: "ab", count: 32))
            let other = LockoutKey(hex: String(repeating: "cd", count: 32))
            #expect(try await store.withRecord(key) { $0 } == LockoutRecord())
            let written = LockoutRecord(windowStart: 1_800_000_000, failures: 3, lockedUntil: 1_800_086_400, lockouts: 7, unforgiven: 12)
            try await store.withRecord(key) { $0 = written }
            #expect(try await store.withRecord(key) { $0 } == written)
            #expect(try await store.withRecord(other) { $0 } == LockoutRecord())
        }
    }

    @Test(arguments: StoreKind.allCases)
    func attemptsLockAfterTheMaximumAndASuccessForgivesThem(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            let key = LockoutKey(hex: String(repeating: "ab", count: 32))
            #expect(try await store.reserveAttempt(key, now: 1000, policy: policy) == .admitted(startedLock: false))
            let success = try await store.reserveAttempt(key, now: 1001, policy: policy)
            try await store.settleSuccess(key, of: success, forgivingAll: true)
            #expect(try await store.reserveAttempt(key, now: 1002, policy: policy) == .admitted(startedLock: false))
            #expect(try await store.reserveAttempt(key, now: 1003, policy: policy) == .admitted(startedLock: false))
            #expect(try await store.isLocked(key, now: 1003) == false)
            #expect(try await store.reserveAttempt(key, now: 1004, policy: policy) == .admitted(startedLock: true))
            #expect(try await store.reserveAttempt(key, now: 1103, policy: policy) == .refused)
            #expect(try await store.isLocked(key, now: 1104) == false)
            // The second lockout of the same key lasts twice as long.
            for second in 0..<3 { _ = try await store.reserveAttempt(key, now: 2000 + Int64(second), policy: policy) }
            #expect(try await store.isLocked(key, now: 2201) == true)
            #expect(try await store.isLocked(key, now: 2202) == false)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func ofConcurrentAttemptsOnlyTheMaximumAreAdmitted(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            let key = LockoutKey(hex: String(repeating: "ef", count: 32))
            let policy = policy
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<40 { group.addTask { try await store.reserveAttempt(key, now: 5000, policy: policy) != .refused } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == policy.maximumFailures)
            #expect(try await store.isLocked(key, now: 5001))
        }
    }

    /// An attempt at card 1234 with `pin` by one caller, its PIN ciphertext's digest `used`.
    func settlement(pin: String, used: String, now: Int64 = 5000) -> VerificationAttempt {
        VerificationAttempt(
            usedCiphertext: (UsedCiphertextDigest(hex: used), now + 86_400),
            card: hasher.lockoutKey(.card, Digits("1234")), caller: hasher.lockoutKey(.caller, Digits("14155550100")),
            credentialHash: credential("1234", pin), now: now, policy: policy)
    }

    @Test(arguments: StoreKind.allCases)
    func aBurstOfRightAnswersForOneCardIsAllFoundAndLocksNothing(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            let account = Account(number: "AC1", balance: Balance(cents: 100))
            try await store.add(account, credentialHash: credential("1234", "4321"))
            let attempts = (0..<30).map { settlement(pin: "4321", used: String(format: "%064x", $0)) }
            let verdicts = try await withThrowingTaskGroup(of: VerificationVerdict.self) { group in
                for attempt in attempts { group.addTask { try await store.settle(attempt) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(verdicts == Array(repeating: .found(account), count: 30))
            #expect(try await store.withRecord(attempts[0].card!) { $0 }.failures == 0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func ofConcurrentWrongGuessesOnlyTheMaximumAreLookedUpAndTheLastOfThemLocks(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            try await store.add(Account(number: "AC1", balance: Balance(cents: 100)), credentialHash: credential("1234", "4321"))
            let attempts = (0..<30).map { settlement(pin: String(format: "%04d", 9000 + $0), used: String(format: "%064x", $0)) }
            let verdicts = try await withThrowingTaskGroup(of: VerificationVerdict.self) { group in
                for attempt in attempts { group.addTask { try await store.settle(attempt) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let card = attempts[0].card!
            #expect(verdicts.filter { $0 == .notFound(lockedCard: nil, lockedCaller: nil) }.count == policy.maximumFailures - 1)
            // The caller's own count locks with the same failure as the card's.
            #expect(verdicts.filter { $0 == .notFound(lockedCard: card, lockedCaller: attempts[0].caller) }.count == 1)
            #expect(verdicts.filter { if case .refused = $0 { true } else { false } }.count == 30 - policy.maximumFailures)
            #expect(try await store.settle(settlement(pin: "4321", used: String(repeating: "f", count: 64))) == .refused(lockedOut: attempts[0].caller!))
        }
    }

    /// The clean-up of keys idle for a month runs with 1 change in 256 (a key starting `00`): it
    /// forgets the idle ones and never the ones the verification is counting.
    @Test(arguments: StoreKind.allCases)
    func theCleanUpOfIdleKeysKeepsTheCountsOfTheVerificationThatRanIt(kind: StoreKind) async throws {
        let hasher = hasher
        let cleaningCard = try #require((0..<10_000).lazy.map { String(format: "%04d", $0) }
            .first { hasher.lockoutKey(.card, Digits($0)).hex.hasPrefix("00") })
        try await kind.withStore { store async throws in
            let idle = LockoutKey(hex: String(repeating: "9", count: 64))
            try await store.withRecord(idle) { $0 = LockoutRecord(windowStart: 1000, failures: 1, lockedUntil: 0, lockouts: 0, unforgiven: 1) }
            let now: Int64 = 1000 + 31 * 86_400
            let attempt = VerificationAttempt(
                usedCiphertext: (UsedCiphertextDigest(hex: String(repeating: "b", count: 64)), now + 100),
                card: hasher.lockoutKey(.card, Digits(cleaningCard)), caller: hasher.lockoutKey(.caller, Digits("14155550177")),
                credentialHash: credential(cleaningCard, "0000"), now: now, policy: policy)
            #expect(try await store.settle(attempt) == .notFound(lockedCard: nil, lockedCaller: nil))
            #expect(try await store.withRecord(attempt.card!) { $0 }.failures == 1)
            #expect(try await store.withRecord(attempt.caller!) { $0 }.failures == 1)
            #expect(try await store.withRecord(idle) { $0 } == LockoutRecord())
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aSettlementWithAUsedCiphertextIsRefusedAndCountsNothing(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            let first = settlement(pin: "9999", used: String(repeating: "a", count: 64))
            #expect(try await store.settle(first) == .notFound(lockedCard: nil, lockedCaller: nil))
            let before = try await store.withRecord(first.card!) { $0 }
            #expect(try await store.settle(first) == .alreadyUsed)
            #expect(try await store.withRecord(first.card!) { $0 } == before)
            #expect(try await store.markUsed(first.usedCiphertext!.digest, expiresAt: 9_999_999, now: 5001) == false)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aSettlementsCiphertextIsFreshAgainOnceItsRetentionHasPassed(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            let account = Account(number: "AC1", balance: Balance(cents: 100))
            try await store.add(account, credentialHash: credential("1234", "4321"))
            let used = String(repeating: "c", count: 64)
            #expect(try await store.settle(settlement(pin: "4321", used: used, now: 5000)) == .found(account))
            #expect(try await store.settle(settlement(pin: "4321", used: used, now: 5000 + 86_399)) == .alreadyUsed)
            #expect(try await store.settle(settlement(pin: "4321", used: used, now: 5000 + 86_400)) == .found(account))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aSettlementWithoutACiphertextToMarkOrKeysToCountStillLooksUp(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            let account = Account(number: "AC1", balance: Balance(cents: 100))
            try await store.add(account, credentialHash: credential("1234", "4321"))
            let attempt = VerificationAttempt(
                usedCiphertext: nil, card: nil, caller: nil, credentialHash: credential("1234", "4321"), now: 5000, policy: policy)
            #expect(try await store.settle(attempt) == .found(account))
            let unknown = VerificationAttempt(
                usedCiphertext: nil, card: nil, caller: nil, credentialHash: credential("1234", "0000"), now: 5000, policy: policy)
            #expect(try await store.settle(unknown) == .notFound(lockedCard: nil, lockedCaller: nil))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aCiphertextIsUsedOnceUntilItExpires(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            let digest = UsedCiphertextDigest(hex: String(repeating: "12", count: 32))
            #expect(try await store.markUsed(digest, expiresAt: 200, now: 100) == true)
            #expect(try await store.markUsed(digest, expiresAt: 300, now: 199) == false)
            #expect(try await store.markUsed(UsedCiphertextDigest(hex: String(repeating: "34", count: 32)), expiresAt: 300, now: 199) == true)
            #expect(try await store.markUsed(digest, expiresAt: 400, now: 200) == true)
            #expect(try await store.markUsed(digest, expiresAt: 500, now: 399) == false)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func ofConcurrentUsesOfOneCiphertextExactlyOneWins(kind: StoreKind) async throws {
        try await kind.withStore { store async throws in
            let digest = UsedCiphertextDigest(hex: String(repeating: "56", count: 32))
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 { group.addTask { try await store.markUsed(digest, expiresAt: 1000, now: 10) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
        }
    }
}

/// The store kinds the contract runs against: PostgreSQL when `POSTGRES_TEST_URL` is set, and
/// always with `CI=true` (then a missing server fails the tests instead of skipping them).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var allCases: [StoreKind] { PostgresTestServer.isRequired ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh, empty store of this kind, closed afterwards.
    func withStore(_ body: @Sendable (any GuardedAccountStore) async throws -> Void) async throws {
        let location: DatabaseLocation = switch self {
        case .sqlite: .sqlite(path: try Fixture.temporaryDirectory().appendingPathComponent("store.sqlite").path)
        case .postgres: .postgres(try PostgresTestServer.freshSchema())
        }
        let opened = try await OpenedStore.open(location, logger: Logger(label: "test"))
        try await opened.whileOpen { try await body($0) }
    }
}
