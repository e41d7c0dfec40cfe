/// One key's failures and lockouts. Every store keeps these numbers and changes them only through
/// `LockoutStore.withRecord`, atomically, so the rules live here once.
public struct LockoutRecord: Sendable, Equatable {
    /// When the current window of failures began (unix seconds).
    public var windowStart: Int64
    /// Failures (and attempts still in flight) in that window.
    public var failures: Int
    /// Locked until this time (unix seconds); 0 when never.
    public var lockedUntil: Int64
    /// Lockouts so far, for the doubling.
    public var lockouts: Int
    /// Failures since the last success, whatever their pace: a guesser who keeps under the
    /// window's limit is still locked once these reach twice the limit, and at each limit after.
    public var unforgiven: Int

    /// A quiet week after a lockout ends forgets the lockouts, so an attack long past does not
    /// keep doubling a customer's next mistake.
    public static let lockoutsForgottenAfterSeconds: Int64 = 7 * 86_400

    /// A record as stored.
    public init(windowStart: Int64 = 0, failures: Int = 0, lockedUntil: Int64 = 0, lockouts: Int = 0, unforgiven: Int = 0) {
        self.windowStart = windowStart
        self.failures = failures
        self.lockedUntil = lockedUntil
        self.lockouts = lockouts
        self.unforgiven = unforgiven
    }

    /// Whether the key is locked at `now`.
    public func isLocked(now: Int64) -> Bool {
        lockedUntil > now
    }

    /// Admits an attempt and counts it as a failure before anything is looked up, so concurrent
    /// guesses cannot outrun the lock: at most the limit of them are ever looked up. A success
    /// takes its count back (`settleSuccess`).
    public mutating func reserveAttempt(now: Int64, policy: LockoutPolicy) -> LockoutReservation {
        guard !isLocked(now: now) else { return .refused }
        if lockouts > 0, now - lockedUntil >= Self.lockoutsForgottenAfterSeconds { lockouts = 0 }
        if failures == 0 || now - windowStart >= policy.windowSeconds {
            windowStart = now
            failures = 0
        }
        failures += 1
        unforgiven += 1
        let limit = policy.maximumFailures
        let tooFast = failures >= limit
        let tooMany = unforgiven >= 2 * limit && unforgiven % limit == 0
        guard tooFast || tooMany else { return .admitted(startedLock: false) }
        lockouts += 1
        lockedUntil = now + policy.lockoutSeconds(forLockout: lockouts)
        failures = 0
        return .admitted(startedLock: true)
    }

    /// Takes back an admitted attempt that succeeded. The card forgives all its failures (`all`);
    /// a caller, only this attempt, since one success says nothing of their other cards. A lock
    /// this very attempt started is lifted: it was the right answer.
    public mutating func settleSuccess(of reservation: LockoutReservation, forgivingAll all: Bool) {
        guard case .admitted(let startedLock) = reservation else { return }
        if all {
            failures = 0
            unforgiven = 0
        } else {
            failures = max(0, failures - 1)
            unforgiven = max(0, unforgiven - 1)
        }
        if startedLock {
            lockedUntil = 0
            lockouts = max(0, lockouts - 1)
        }
    }
}

/// What reserving an attempt gave.
public enum LockoutReservation: Sendable, Equatable {
    /// Locked: the attempt is not looked up.
    case refused
    /// Counted as a failure until it succeeds; `startedLock` when it was the one that locked.
    case admitted(startedLock: Bool)
}
