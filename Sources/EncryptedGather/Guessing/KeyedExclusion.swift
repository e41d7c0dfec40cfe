import Synchronization

/// Runs async critical sections one at a time per key, in arrival order; different keys run at
/// once. Keys nobody holds or waits for are forgotten.
final class KeyedExclusion<Key: Hashable & Sendable>: Sendable {
    private struct Waiters {
        var queue: [CheckedContinuation<Void, Never>] = []
    }
    /// A key is present while held; its waiters queue behind the holder.
    private let held = Mutex<[Key: Waiters]>([:])

    init() {}

    /// Runs `body` once no other section for `key` is running.
    func run<T>(_ key: Key, _ body: () async throws -> T) async throws -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: Key) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = held.withLock { held in
                if held[key] != nil {
                    held[key]!.queue.append(continuation)
                    return false
                }
                held[key] = Waiters()
                return true
            }
            if acquired { continuation.resume() }
        }
    }

    private func release(_ key: Key) {
        let next = held.withLock { held -> CheckedContinuation<Void, Never>? in
            guard var waiters = held[key], !waiters.queue.isEmpty else {
                held[key] = nil
                return nil
            }
            let next = waiters.queue.removeFirst()
            held[key] = waiters
            return next
        }
        next?.resume()
    }
}
