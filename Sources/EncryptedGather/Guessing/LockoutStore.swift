/// Where failed verifications are counted, shared by every verifier instance. Keys are keyed
/// hashes, never digits or numbers.
public protocol LockoutStore: Sendable {
    /// Whether `key` is locked at `now` (unix seconds).
    func isLocked(_ key: LockoutKey, now: Int64) async throws -> Bool
    /// Applies `LockoutRecord.fail` to `key`'s record atomically (two instances counting at once
    /// lose no failure); true when this failure locks.
    func recordFailure(_ key: LockoutKey, now: Int64, policy: LockoutPolicy) async throws -> Bool
    /// Applies `LockoutRecord.succeed` to `key`'s record.
    func resetFailures(_ key: LockoutKey) async throws
}
