import Synchronization

/// Lockout counters in memory: for tests and a verifier that keeps nothing on disk.
public final class InMemoryLockoutStore: LockoutStore {
    private let records = Mutex<[LockoutKey: LockoutRecord]>([:])

    /// An empty store.
    public init() {}

    public func withRecord<T: Sendable>(_ key: LockoutKey, _ change: @escaping @Sendable (inout LockoutRecord) -> T) async throws -> T {
        records.withLock { change(&$0[key, default: LockoutRecord()]) }
    }
}
