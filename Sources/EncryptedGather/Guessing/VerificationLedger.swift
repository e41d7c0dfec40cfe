/// A store holding the accounts and their guards together, that settles a whole verification in
/// one transaction: the last value marked used, the caller's and the card's lockout records read,
/// the account looked up, and the counts written back.
///
/// With the look-up inside the transaction nothing is in flight between a count and its outcome:
/// a burst of right answers for one card cannot lock it, concurrent guesses cannot outrun its
/// lock, and a second instance on the same database waits at the card's record rather than
/// racing it. SQLite and PostgreSQL implement it; `VerificationService` uses it when the guards
/// carry one (see `VerificationGuards.ledger`).
public protocol VerificationLedger: Sendable {
    /// Settles `attempt` atomically (see `VerificationAttempt.settle`).
    func settle(_ attempt: VerificationAttempt) async throws -> VerificationVerdict
}

/// One verification as the ledger sees it: keyed hashes and a digest, never digits.
public struct VerificationAttempt: Sendable {
    /// The last value's digest and how long it is remembered; `nil` if the flow has none.
    public var usedCiphertext: (digest: UsedCiphertextDigest, expiresAt: Int64)?
    /// The card's lockout key; `nil` for a flow with no identity field.
    public var card: LockoutKey?
    /// The caller's lockout key; `nil` when the caller is unknown or a stand-in number.
    public var caller: LockoutKey?
    /// The account to look up; `nil` when a value broke its field's rule (no one's account).
    public var credentialHash: CredentialHash?
    /// Unix seconds now.
    public var now: Int64
    /// When failures lock.
    public var policy: LockoutPolicy

    /// An attempt.
    public init(
        usedCiphertext: (digest: UsedCiphertextDigest, expiresAt: Int64)?, card: LockoutKey?, caller: LockoutKey?,
        credentialHash: CredentialHash?, now: Int64, policy: LockoutPolicy
    ) {
        self.usedCiphertext = usedCiphertext
        self.card = card
        self.caller = caller
        self.credentialHash = credentialHash
        self.now = now
        self.policy = policy
    }

    /// The rules, once for every ledger: given the stored records (fresh ones if none) and the
    /// account the look-up found, the verdict and the records to store. A locked caller or card
    /// is refused without a count; a failure counts against the card and then the caller; a
    /// success forgives the card.
    public func settle(card cardRecord: inout LockoutRecord, caller callerRecord: inout LockoutRecord, account: Account?) -> VerificationVerdict {
        // A flow with no identity field has no card to count, and then no caller is counted either.
        guard let card else { return account.map(VerificationVerdict.found) ?? .notFound(lockedCard: nil, lockedCaller: nil) }
        if let caller, callerRecord.isLocked(now: now) { return .refused(lockedOut: caller) }
        let reservation = cardRecord.reserveAttempt(now: now, policy: policy)
        guard reservation != .refused else { return .refused(lockedOut: card) }
        if let account {
            cardRecord.settleSuccess(of: reservation, forgivingAll: true)
            return .found(account)
        }
        let lockedCard = reservation == .admitted(startedLock: true) ? card : nil
        // The caller's failure is counted after the card's: a number shared by many callers (a
        // company's trunk) only locks on failures.
        let lockedCaller = caller.flatMap { callerRecord.reserveAttempt(now: now, policy: policy) == .admitted(startedLock: true) ? $0 : nil }
        return .notFound(lockedCard: lockedCard, lockedCaller: lockedCaller)
    }

    /// `settle` over the stored records by key (a fresh one for a key not stored): the verdict,
    /// and the records it changed, for the ledger to write back.
    public func settle(stored: [LockoutKey: LockoutRecord], account: Account?) -> (verdict: VerificationVerdict, changed: [(key: LockoutKey, record: LockoutRecord)]) {
        let storedCard = card.flatMap { stored[$0] } ?? LockoutRecord()
        let storedCaller = caller.flatMap { stored[$0] } ?? LockoutRecord()
        var cardRecord = storedCard, callerRecord = storedCaller
        let verdict = settle(card: &cardRecord, caller: &callerRecord, account: account)
        var changed: [(key: LockoutKey, record: LockoutRecord)] = []
        if let card, cardRecord != storedCard { changed.append((card, cardRecord)) }
        if let caller, callerRecord != storedCaller { changed.append((caller, callerRecord)) }
        return (verdict, changed)
    }
}

/// How a ledger settled a verification.
public enum VerificationVerdict: Sendable, Equatable {
    /// The last value was verified before; nothing else was looked at.
    case alreadyUsed
    /// The account, and the card forgiven.
    case found(Account)
    /// No account; the card's and the caller's keys when this failure locked them.
    case notFound(lockedCard: LockoutKey?, lockedCaller: LockoutKey?)
    /// The caller or card was locked: answered as not found, and not counted.
    case refused(lockedOut: LockoutKey)
}

/// Everything a verifier keeps, in one store (SQLite or PostgreSQL): the accounts, the lockout
/// counters and the used ciphertexts, and whole verifications settled over them.
public typealias GuardedAccountStore = AccountDirectory & LockoutStore & UsedCiphertextStore & VerificationLedger
