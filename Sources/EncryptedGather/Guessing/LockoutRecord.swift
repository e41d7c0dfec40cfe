/// One key's failures and lockouts. Every store keeps these four numbers and applies `fail` to
/// them atomically, so the rules live here once.
public struct LockoutRecord: Sendable, Equatable {
    /// When the current window of failures began (unix seconds).
    public var windowStart: Int64
    /// Failures in that window.
    public var failures: Int
    /// Locked until this time (unix seconds); 0 when never.
    public var lockedUntil: Int64
    /// Lockouts so far, for the doubling.
    public var lockouts: Int

    /// A record as stored.
    public init(windowStart: Int64 = 0, failures: Int = 0, lockedUntil: Int64 = 0, lockouts: Int = 0) {
        self.windowStart = windowStart
        self.failures = failures
        self.lockedUntil = lockedUntil
        self.lockouts = lockouts
    }

    /// Whether the key is locked at `now`.
    public func isLocked(now: Int64) -> Bool {
        lockedUntil > now
    }

    /// The record after a failure at `now`; true when this failure starts a lockout.
    public mutating func fail(now: Int64, policy: LockoutPolicy) -> Bool {
        // A guess that was in flight when the lock began adds nothing: the lock already holds,
        // and counting it would start the next, doubled lockout on top of this one.
        guard !isLocked(now: now) else { return false }
        if failures == 0 || now - windowStart >= policy.windowSeconds {
            windowStart = now
            failures = 0
        }
        failures += 1
        guard failures >= policy.maximumFailures else { return false }
        lockouts += 1
        lockedUntil = now + policy.lockoutSeconds(forLockout: lockouts)
        failures = 0
        return true
    }

    /// The record after a success: the failures are forgiven, the lockout history is kept.
    public mutating func succeed() {
        failures = 0
    }
}
