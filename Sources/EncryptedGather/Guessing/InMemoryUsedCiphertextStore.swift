import Synchronization

/// Used ciphertexts in memory, forgotten once they expire.
public final class InMemoryUsedCiphertextStore: UsedCiphertextStore {
    private let used = Mutex<[UsedCiphertextDigest: Int64]>([:])

    /// An empty store.
    public init() {}

    public func markUsed(_ digest: UsedCiphertextDigest, expiresAt: Int64, now: Int64) async throws -> Bool {
        used.withLock { used in
            if used.count >= 10_000 { used = used.filter { $0.value > now } }
            if let expiry = used[digest], expiry > now { return false }
            used[digest] = expiresAt
            return true
        }
    }
}
