/// Where failed verifications are counted, shared by every verifier instance. Keys are keyed
/// hashes, never digits or numbers.
public protocol LockoutStore: Sendable {
    /// Runs `change` on `key`'s record (a fresh one if none) and stores the result, atomically:
    /// two instances changing one record at once lose neither change.
    func withRecord<T: Sendable>(_ key: LockoutKey, _ change: @escaping @Sendable (inout LockoutRecord) -> T) async throws -> T
}

extension LockoutStore {
    /// Admits or refuses an attempt under `key` (see `LockoutRecord.reserveAttempt`).
    public func reserveAttempt(_ key: LockoutKey, now: Int64, policy: LockoutPolicy) async throws -> LockoutReservation {
        try await withRecord(key) { $0.reserveAttempt(now: now, policy: policy) }
    }

    /// Takes back a successful attempt (see `LockoutRecord.settleSuccess`).
    public func settleSuccess(_ key: LockoutKey, of reservation: LockoutReservation, forgivingAll: Bool) async throws {
        guard reservation != .refused else { return }
        try await withRecord(key) { $0.settleSuccess(of: reservation, forgivingAll: forgivingAll) }
    }

    /// Whether `key` is locked at `now`.
    public func isLocked(_ key: LockoutKey, now: Int64) async throws -> Bool {
        try await withRecord(key) { $0.isLocked(now: now) }
    }
}
