import Synchronization

/// Lockout counters in memory: for tests and a verifier that keeps nothing on disk.
public final class InMemoryLockoutStore: LockoutStore {
    private let records = Mutex<[LockoutKey: LockoutRecord]>([:])

    /// An empty store.
    public init() {}

    public func isLocked(_ key: LockoutKey, now: Int64) async throws -> Bool {
        records.withLock { $0[key]?.isLocked(now: now) ?? false }
    }

    public func recordFailure(_ key: LockoutKey, now: Int64, policy: LockoutPolicy) async throws -> Bool {
        records.withLock { $0[key, default: LockoutRecord()].fail(now: now, policy: policy) }
    }

    public func resetFailures(_ key: LockoutKey) async throws {
        records.withLock { $0[key]?.succeed() }
    }
}
