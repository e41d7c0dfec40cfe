import Foundation

/// What stands between a guesser and the PIN space: lockouts per card and per caller, and
/// ciphertexts that verify only once. The stores are shared by every verifier instance.
public struct VerificationGuards: Sendable {
    /// Failed verifications, per keyed hash of the card digits and of the caller.
    public var lockouts: any LockoutStore
    /// Ciphertexts already presented.
    public var usedCiphertexts: any UsedCiphertextStore
    /// When failures lock.
    public var policy: LockoutPolicy
    /// How long a used tutorial ciphertext is remembered (`USED_CIPHERTEXT_RETENTION`, a day by
    /// default): tutorial values carry no time, so a replay after that opens again.
    public var tutorialRetentionSeconds: Int64
    /// How long a used sealed ciphertext is remembered: its time-to-live and the allowed skew,
    /// after which it no longer opens at all.
    public var sealedRetentionSeconds: Int64
    /// Unix seconds now.
    public var now: @Sendable () -> Int64
    /// The store that also holds the accounts, when it settles a whole verification in one
    /// transaction: then the verifier asks it, and its directory is this same store.
    public var ledger: (any VerificationLedger)?

    /// Guards over the given stores.
    public init(
        lockouts: any LockoutStore, usedCiphertexts: any UsedCiphertextStore, policy: LockoutPolicy = LockoutPolicy(),
        tutorialRetentionSeconds: Int64 = 86_400, sealedRetentionSeconds: Int64 = 961,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }, ledger: (any VerificationLedger)? = nil
    ) {
        self.ledger = ledger
        self.lockouts = lockouts
        self.usedCiphertexts = usedCiphertexts
        self.policy = policy
        self.tutorialRetentionSeconds = tutorialRetentionSeconds
        self.sealedRetentionSeconds = sealedRetentionSeconds
        self.now = now
    }

    /// Guards over `store`, which also holds the accounts and settles each verification, with
    /// `LOCKOUT_*`, `USED_CIPHERTEXT_RETENTION` and the sealed values' `CIPHERTEXT_TTL` from the
    /// settings.
    public init(store: any GuardedAccountStore, settings: GuardSettings, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.init(
            lockouts: store, usedCiphertexts: store, policy: settings.policy,
            tutorialRetentionSeconds: settings.tutorialRetentionSeconds,
            sealedRetentionSeconds: settings.sealedRetentionSeconds, now: now, ledger: store)
    }

    /// Guards kept in memory (tests).
    public static func inMemory(policy: LockoutPolicy = LockoutPolicy()) -> VerificationGuards {
        VerificationGuards(lockouts: InMemoryLockoutStore(), usedCiphertexts: InMemoryUsedCiphertextStore(), policy: policy)
    }

    /// How long a used `ciphertext` must be remembered from now.
    func retentionSeconds(of ciphertext: FieldCiphertext) -> Int64 {
        ciphertext.keyID == nil ? tutorialRetentionSeconds : sealedRetentionSeconds
    }
}

/// The guard settings, read once with the rest of the configuration.
public struct GuardSettings: Sendable, Equatable {
    /// `LOCKOUT_MAX_FAILURES`, `LOCKOUT_WINDOW`, `LOCKOUT_DURATION`.
    public var policy: LockoutPolicy
    /// `USED_CIPHERTEXT_RETENTION` (seconds, default 86400).
    public var tutorialRetentionSeconds: Int64
    /// `CIPHERTEXT_TTL` plus the allowed clock skew.
    public var sealedRetentionSeconds: Int64

    /// The defaults: 5 failures in 15 minutes lock for 15 minutes; used values kept a day.
    public init(policy: LockoutPolicy = LockoutPolicy(), tutorialRetentionSeconds: Int64 = 86_400, sealedRetentionSeconds: Int64 = 961) {
        self.policy = policy
        self.tutorialRetentionSeconds = tutorialRetentionSeconds
        self.sealedRetentionSeconds = sealedRetentionSeconds
    }

    /// Reads the settings; `timeToLiveSeconds` is the sealed values' `CIPHERTEXT_TTL`.
    public init(settings: Settings, timeToLiveSeconds: Int) throws(ConfigurationError) {
        let text = settings["USED_CIPHERTEXT_RETENTION"] ?? "86400"
        guard let retention = Int64(text), (60...2_592_000).contains(retention) else {
            throw .invalidSetting("USED_CIPHERTEXT_RETENTION", value: text, expected: "seconds from 60 to 2592000")
        }
        self.init(
            policy: try LockoutPolicy(settings: settings), tutorialRetentionSeconds: retention,
            // One second more: at exactly `sealedAt + TTL` a value still opens.
            sealedRetentionSeconds: Int64(timeToLiveSeconds) + FieldOpener.allowedClockSkewSeconds + 1)
    }
}
