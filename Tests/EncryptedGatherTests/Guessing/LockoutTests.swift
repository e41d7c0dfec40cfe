import EncryptedGather
import Foundation
import Synchronization
import Testing

/// Guessing a PIN at the verifier: five failures in fifteen minutes lock the card and the caller
/// for fifteen minutes, doubling with each repeat up to a day; while locked even the right PIN is
/// "not found"; a success forgives the card.
@Suite struct LockoutTests {
    let cipher = GatherCipher(secret: Fixture.secret)
    let hasher = CredentialHasher(derivingFrom: Fixture.secret)
    let clock = TestClock()

    /// Runs `body` with a verifier over the demo account and AC2 (5678/8765), its guards kept as
    /// `kind` says, on the test's clock.
    func withService(_ kind: GuardKind, policy: LockoutPolicy = LockoutPolicy(), _ body: @Sendable (any Verifier) async throws -> Void) async throws {
        let accounts = [(DemoAccount.account, "1234", "4321"), (Account(number: "AC2", balance: Balance(cents: 100)), "5678", "8765")]
        let clock = clock
        guard let storeKind = kind.store else {
            let directory = InMemoryAccountDirectory()
            for (account, card, pin) in accounts {
                try await directory.add(account, values: ["card": Digits(card), "pin": Digits(pin)], flow: .tutorial, hasher: hasher)
            }
            let guards = VerificationGuards(
                lockouts: InMemoryLockoutStore(), usedCiphertexts: InMemoryUsedCiphertextStore(), policy: policy, now: { clock.now })
            return try await body(verifier(directory, guards: guards))
        }
        try await storeKind.withStore { store in
            for (account, card, pin) in accounts {
                try await store.add(account, values: ["card": Digits(card), "pin": Digits(pin)], flow: .tutorial, hasher: hasher)
            }
            try await body(verifier(store, guards: VerificationGuards(store: store, settings: GuardSettings(policy: policy), now: { clock.now })))
        }
    }

    func verifier<Directory: AccountDirectory>(_ directory: Directory, guards: VerificationGuards) -> any Verifier {
        VerificationService(cipher: cipher, hasher: hasher, directory: directory, guards: guards)
    }

    func attempt(_ service: any Verifier, card: String, pin: String, from: String? = "+14155550100") async -> VerificationResult {
        await service.verify(VerificationRequest(
            flow: nil, ciphertexts: ["card": .tutorial(cipher.seal(Digits(card))), "pin": .tutorial(cipher.seal(Digits(pin)))], from: from))
    }

    func fail(_ service: any Verifier, times: Int, card: String = "1234", from: String? = "+14155550100") async {
        for guess in 0..<times {
            #expect(await attempt(service, card: card, pin: String(format: "%04d", 9000 + guess), from: from) == .notFound)
        }
    }

    @Test(arguments: GuardKind.allCases) func fiveFailuresLockTheCardAndThenEvenTheRightPinIsNotFound(kind: GuardKind) async throws {
        try await withService(kind) { service in
            await fail(service, times: 4, from: "+14155550100")
            #expect(await attempt(service, card: "1234", pin: "4321", from: "+14155550101") == .found(DemoAccount.account))
            await fail(service, times: 5, from: "+14155550102")
            #expect(await attempt(service, card: "1234", pin: "4321", from: "+14155550103") == .notFound)
        }
    }

    @Test(arguments: GuardKind.allCases) func theLockEndsAfterItsDurationAndRepeatsDoubleUpToADay(kind: GuardKind) async throws {
        try await withService(kind) { service in
            var expected: [Int64] = [900, 1800, 3600, 7200, 14_400, 28_800, 57_600, 86_400, 86_400]
            while !expected.isEmpty {
                let duration = expected.removeFirst()
                await fail(service, times: 5, from: nil)
                clock.advance(by: duration - 1)
                #expect(await attempt(service, card: "1234", pin: "4321", from: nil) == .notFound, "still locked 1 s before \(duration) s")
                clock.advance(by: 1)
                #expect(await attempt(service, card: "1234", pin: "4321", from: nil) == .found(DemoAccount.account), "free after \(duration) s")
            }
        }
    }

    @Test(arguments: GuardKind.allCases) func failuresOutsideTheWindowDoNotAddUp(kind: GuardKind) async throws {
        try await withService(kind) { service in
            await fail(service, times: 4)
            clock.advance(by: 900)
            await fail(service, times: 4)
            #expect(await attempt(service, card: "1234", pin: "4321") == .found(DemoAccount.account))
        }
    }

    @Test(arguments: GuardKind.allCases) func aCallerWhoTriesManyCardsIsLockedOnEveryCard(kind: GuardKind) async throws {
        try await withService(kind) { service in
            for card in ["1111", "2222", "3333", "4444", "5555"] {
                #expect(await attempt(service, card: card, pin: "0000") == .notFound)
            }
            #expect(await attempt(service, card: "5678", pin: "8765") == .notFound)
            #expect(await attempt(service, card: "5678", pin: "8765", from: "+14155550199") == .found(Account(number: "AC2", balance: Balance(cents: 100))))
        }
    }

    @Test(arguments: GuardKind.allCases, ["+266696687", "+7378742833", "anonymous", ""])
    func callersWithoutANumberOfTheirOwnAreNotLockedTogether(kind: GuardKind, from: String) async throws {
        try await withService(kind) { service in
            for card in ["1111", "2222", "3333", "4444", "5555", "6666"] {
                #expect(await attempt(service, card: card, pin: "0000", from: from) == .notFound)
            }
            #expect(await attempt(service, card: "5678", pin: "8765", from: from) == .found(Account(number: "AC2", balance: Balance(cents: 100))))
        }
    }

    @Test func ofFiftyConcurrentGuessesAtOneCardAtMostTheLimitAreLookedUp() async throws {
        let lockouts = CountingLockoutStore()
        let guards = VerificationGuards(lockouts: lockouts, usedCiphertexts: InMemoryUsedCiphertextStore(), now: { [clock] in clock.now })
        let service = VerificationService(cipher: cipher, hasher: hasher, directory: InMemoryAccountDirectory(), guards: guards)
        let cipher = cipher
        await withTaskGroup(of: Void.self) { group in
            for guess in 0..<50 {
                group.addTask {
                    _ = await service.verify(VerificationRequest(
                        flow: nil, ciphertexts: ["card": .tutorial(cipher.seal(Digits("1234"))), "pin": .tutorial(cipher.seal(Digits(String(format: "%04d", guess))))]))
                }
            }
        }
        // Only an admitted attempt can be answered "found"; a refused one is "not found" whatever
        // its PIN (fiveFailuresLock…).
        #expect(lockouts.admitted.withLock { $0 } == 5)
    }

    @Test(arguments: GuardKind.allCases) func aGuesserPacedUnderTheWindowIsStillLocked(kind: GuardKind) async throws {
        try await withService(kind) { service in
            for window in 0..<2 {
                await fail(service, times: 4, from: nil)
                clock.advance(by: 900)
                _ = window
            }
            #expect(await attempt(service, card: "1234", pin: "9999", from: nil) == .notFound)
            #expect(await attempt(service, card: "1234", pin: "9998", from: nil) == .notFound)
            #expect(await attempt(service, card: "1234", pin: "4321", from: nil) == .notFound)
        }
    }

    @Test(arguments: GuardKind.allCases) func anotherCardIsNotLockedByTheFirstCardsFailures(kind: GuardKind) async throws {
        try await withService(kind) { service in
            await fail(service, times: 5, from: nil)
            #expect(await attempt(service, card: "5678", pin: "8765", from: nil) == .found(Account(number: "AC2", balance: Balance(cents: 100))))
        }
    }

    @Test func theSettingsAreReadAndCheckedAsOneLine() throws {
        let policy = try LockoutPolicy(settings: Settings(environment: ["LOCKOUT_MAX_FAILURES": "3", "LOCKOUT_WINDOW": "60", "LOCKOUT_DURATION": "120"]))
        #expect(policy == LockoutPolicy(maximumFailures: 3, windowSeconds: 60, durationSeconds: 120))
        #expect(try LockoutPolicy(settings: Settings(environment: [:])) == LockoutPolicy(maximumFailures: 5, windowSeconds: 900, durationSeconds: 900))
        for (name, value) in [("LOCKOUT_MAX_FAILURES", "0"), ("LOCKOUT_WINDOW", "15m"), ("LOCKOUT_DURATION", "-1")] {
            #expect(throws: ConfigurationError.self) { try LockoutPolicy(settings: Settings(environment: [name: value])) }
        }
    }
}

/// Lockouts in memory that count the attempts admitted.
final class CountingLockoutStore: LockoutStore {
    let admitted = Mutex(0)
    private let base = InMemoryLockoutStore()

    func withRecord<T: Sendable>(_ key: LockoutKey, _ change: @escaping @Sendable (inout LockoutRecord) -> T) async throws -> T {
        let result = try await base.withRecord(key, change)
        if let reservation = result as? LockoutReservation, reservation != .refused { admitted.withLock { $0 += 1 } }
        return result
    }
}

/// Where a verifier's guards are kept: in memory apart from the directory (settled in steps), or
/// in the store that holds the accounts (each verification settled in one transaction).
enum GuardKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory
    case sqlite
    case postgres

    static var allCases: [GuardKind] { [.inMemory] + StoreKind.allCases.map { $0 == .sqlite ? .sqlite : .postgres } }

    var testDescription: String { rawValue }

    var store: StoreKind? {
        switch self {
        case .inMemory: nil
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }
}

/// A clock the test moves.
final class TestClock: Sendable {
    private let seconds = Mutex<Int64>(1_800_000_000)
    var now: Int64 { seconds.withLock { $0 } }
    func advance(by delta: Int64) { seconds.withLock { $0 += delta } }
}

@Suite struct LockoutRecordTests {
    let policy = LockoutPolicy(maximumFailures: 2, windowSeconds: 60, durationSeconds: 100)

    @Test func attemptsThatArriveWhileLockedAreRefusedAndNeitherCountNorExtendTheLock() {
        var record = LockoutRecord()
        #expect(record.reserveAttempt(now: 0, policy: policy) == .admitted(startedLock: false))
        #expect(record.reserveAttempt(now: 0, policy: policy) == .admitted(startedLock: true))
        for second in 1...10 { #expect(record.reserveAttempt(now: Int64(second), policy: policy) == .refused) }
        #expect(record == LockoutRecord(windowStart: 0, failures: 0, lockedUntil: 100, lockouts: 1, unforgiven: 2))
    }

    @Test func aGuesserWhoKeepsUnderTheWindowsLimitIsLockedAtTwiceTheLimitAndAtEachLimitAfter() {
        var record = LockoutRecord()
        var locks: [Int] = []
        for attempt in 1...8 {
            // One failure per window: never too fast.
            let now = Int64(attempt) * 60
            if record.reserveAttempt(now: now, policy: policy) == .admitted(startedLock: true) { locks.append(attempt) }
            if record.isLocked(now: now + 60) { record.lockedUntil = 0 }
        }
        #expect(locks == [4, 6, 8])
    }

    @Test func aSuccessTakesItsAttemptBackAndLiftsALockItStarted() {
        var card = LockoutRecord()
        _ = card.reserveAttempt(now: 0, policy: policy)
        let last = card.reserveAttempt(now: 0, policy: policy)
        card.settleSuccess(of: last, forgivingAll: true)
        #expect(card == LockoutRecord(windowStart: 0, failures: 0, lockedUntil: 0, lockouts: 0, unforgiven: 0))

        var caller = LockoutRecord()
        _ = caller.reserveAttempt(now: 0, policy: LockoutPolicy(maximumFailures: 5))
        let success = caller.reserveAttempt(now: 0, policy: LockoutPolicy(maximumFailures: 5))
        caller.settleSuccess(of: success, forgivingAll: false)
        #expect(caller.failures == 1 && caller.unforgiven == 1)
    }

    @Test func aQuietWeekAfterALockoutForgetsTheDoubling() {
        var record = LockoutRecord(lockedUntil: 1000, lockouts: 6)
        let week = LockoutRecord.lockoutsForgottenAfterSeconds
        _ = record.reserveAttempt(now: 1000 + week - 1, policy: policy)
        #expect(record.lockouts == 6)
        record.failures = 0
        _ = record.reserveAttempt(now: 1000 + week, policy: policy)
        #expect(record.lockouts == 0)
    }
}
