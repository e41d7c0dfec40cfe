import Logging

/// The verification side, the only place that decrypts: opens every ciphertext, checks each value
/// against its field's rule, and looks the caller up by the credential hash of the identity
/// fields. `/decrypt-gather` maps straight onto it.
///
/// Guessing is bounded: each last-field ciphertext (the PIN) verifies once, and failures lock the
/// card and the caller; a locked lookup answers exactly as "not found" does.
public struct VerificationService<Directory: AccountDirectory>: Verifier {
    private let flow: Flow
    private let opener: FieldOpener
    private let hasher: CredentialHasher
    private let directory: Directory
    private let today: @Sendable () -> CalendarDate
    private let guards: VerificationGuards
    private let logger: Logger
    private let cardVerifications = KeyedExclusion<LockoutKey>()
    private let lockoutMetrics: LockoutMetrics

    /// A service for `flow` that opens with `opener`, files with `hasher` and looks up in
    /// `directory`, counting the lockouts it starts in `lockoutMetrics`.
    public init(
        flow: Flow = .tutorial, opener: FieldOpener, hasher: CredentialHasher, directory: Directory,
        guards: VerificationGuards = .inMemory(), logger: Logger = Logger(label: "encrypted-gather"),
        lockoutMetrics: LockoutMetrics = .disabled,
        today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() }
    ) {
        self.flow = flow
        self.lockoutMetrics = lockoutMetrics
        self.guards = guards
        self.logger = logger
        self.opener = opener
        self.hasher = hasher
        self.directory = directory
        self.today = today
    }

    /// A service in tutorial mode: values open with `cipher`'s `AES_SECRET` only (tests).
    public init(
        flow: Flow = .tutorial, cipher: GatherCipher, hasher: CredentialHasher, directory: Directory,
        guards: VerificationGuards = .inMemory(), today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() }
    ) {
        self.init(
            flow: flow, opener: FieldOpener(aesSecrets: [cipher.secret], keyRing: nil), hasher: hasher, directory: directory, guards: guards,
            today: today)
    }

    /// The account for the request's ciphertexts, `nil` if none matches or the card or caller is
    /// locked out (the two look the same from outside, so a lockout is no oracle).
    ///
    /// - Throws: `VerificationError.unopenable` for a value that does not open (forged, expired,
    ///   bound elsewhere, or to a key not held), `.alreadyUsed` for a last value verified before,
    ///   `.otherFlow` for a request of another flow, `.directoryFailed` when a store cannot be read.
    public func account(for request: VerificationRequest) async throws(VerificationError) -> Account? {
        guard request.flow == nil || request.flow == flow.name else { throw .otherFlow }
        var values: [(field: FlowField, digits: Digits)] = []
        for field in flow.fields {
            guard let ciphertext = request.ciphertexts[field.name] else { throw .otherFlow }
            do {
                values.append((field, try opener.open(ciphertext, field: field.name, callSid: request.callSid)))
            } catch {
                throw .unopenable(error)
            }
        }
        let now = guards.now()
        let identity = values.filter(\.field.isIdentity).map(\.digits)
        let caller = request.from.flatMap { CallerNumber.isIndividual($0) ? hasher.lockoutKey(.caller, Digits($0)) : nil }
        if let ledger = guards.ledger {
            return try await settle(values, identity: identity, caller: caller, request: request, now: now, in: ledger)
        }
        try await markLastValueUsed(request, now: now)
        guard let card = identity.first.map({ hasher.lockoutKey(.card, $0) }) else { return try await lookUp(values, identity: identity) }
        if let caller, try await stores({ try await guards.lockouts.isLocked(caller, now: now) }) {
            // Looked up anyway, so a lock costs about as long to answer as a wrong PIN.
            _ = try await lookUp(values, identity: identity)
            logger.notice("verification refused: locked out", metadata: ["lockout": .string(caller.description)])
            return nil
        }
        // Stores kept apart (in memory) settle in steps: one verification per card at a time in
        // this process, and each counted as a failure before its look-up (taken back on success).
        return try await stores {
            try await cardVerifications.run(card) {
                let reservation = try await guards.lockouts.reserveAttempt(card, now: now, policy: guards.policy)
                let account = try await lookUp(values, identity: identity)
                guard reservation != .refused else {
                    logger.notice("verification refused: locked out", metadata: ["lockout": .string(card.description)])
                    return nil
                }
                if let account {
                    try await guards.lockouts.settleSuccess(card, of: reservation, forgivingAll: true)
                    return account
                }
                if reservation == .admitted(startedLock: true) { lockoutStarted(.card, card) }
                // The caller's failure is counted after the fact: a number shared by many callers
                // (a company's trunk) must not lock on verifications still in flight.
                if let caller, try await guards.lockouts.reserveAttempt(caller, now: now, policy: guards.policy) == .admitted(startedLock: true) {
                    lockoutStarted(.caller, caller)
                }
                return nil
            }
        }
    }

    /// One verification settled by the store in one transaction, the look-up inside it.
    private func settle(
        _ values: [(field: FlowField, digits: Digits)], identity: [Digits], caller: LockoutKey?, request: VerificationRequest, now: Int64,
        in ledger: any VerificationLedger
    ) async throws(VerificationError) -> Account? {
        let attempt = VerificationAttempt(
            usedCiphertext: lastValueUse(request, now: now),
            card: identity.first.map { hasher.lockoutKey(.card, $0) }, caller: caller,
            credentialHash: keepRules(values) ? hasher.credentialHash(of: identity) : nil, now: now, policy: guards.policy)
        switch try await stores({ try await ledger.settle(attempt) }) {
        case .alreadyUsed:
            throw refusedReplay(request)
        case .found(let account):
            return account
        case .notFound(let lockedCard, let lockedCaller):
            if let lockedCard { lockoutStarted(.card, lockedCard) }
            if let lockedCaller { lockoutStarted(.caller, lockedCaller) }
            return nil
        case .refused(let key):
            logger.notice("verification refused: locked out", metadata: ["lockout": .string(key.description)])
            return nil
        }
    }

    private func lockoutStarted(_ subject: LockoutSubject, _ key: LockoutKey) {
        lockoutMetrics.started(subject)
        logger.notice("lockout: too many failed verifications", metadata: ["lockout": .string(key.description)])
    }

    /// Whether each value keeps its field's rule: authentic values that break theirs (a 3-digit
    /// "PIN") cannot be anyone's.
    private func keepRules(_ values: [(field: FlowField, digits: Digits)]) -> Bool {
        var context = RuleContext(today: today())
        for (field, digits) in values {
            guard case .accepted(let annotations) = field.rule.check(digits, in: context) else { return false }
            context.annotations[field.name] = annotations
        }
        return true
    }

    /// The account the values are filed under, if each keeps its field's rule.
    private func lookUp(_ values: [(field: FlowField, digits: Digits)], identity: [Digits]) async throws(VerificationError) -> Account? {
        guard keepRules(values) else { return nil }
        return try await stores { try await directory.account(credentialHash: hasher.credentialHash(of: identity)) }
    }

    /// Each last value (the PIN) verifies once: a copied request is no standing credential.
    private func markLastValueUsed(_ request: VerificationRequest, now: Int64) async throws(VerificationError) {
        guard let use = lastValueUse(request, now: now) else { return }
        guard try await stores({ try await guards.usedCiphertexts.markUsed(use.digest, expiresAt: use.expiresAt, now: now) }) else {
            throw refusedReplay(request)
        }
    }

    /// The last value's digest and until when it is remembered; `nil` if the request has none.
    private func lastValueUse(_ request: VerificationRequest, now: Int64) -> (digest: UsedCiphertextDigest, expiresAt: Int64)? {
        guard let last = flow.fields.last, let ciphertext = request.ciphertexts[last.name] else { return nil }
        return (UsedCiphertextDigest(of: ciphertext), now + guards.retentionSeconds(of: ciphertext))
    }

    private func refusedReplay(_ request: VerificationRequest) -> VerificationError {
        logger.notice("verification refused: ciphertext already used", metadata: ["CallSid": .string(request.callSid ?? "-")])
        return .alreadyUsed
    }

    /// Runs a store operation; any failure of a store is `.directoryFailed`, logged with the
    /// store's reason (queries bind their values, so no value is in it).
    private func stores<T>(_ operation: () async throws -> T) async throws(VerificationError) -> T {
        do {
            return try await operation()
        } catch let error as VerificationError {
            throw error
        } catch {
            logger.error("a store failed", metadata: ["error": .string(String(describing: error).prefix(300).description)])
            throw .directoryFailed
        }
    }

    public func verify(_ request: VerificationRequest) async -> VerificationResult {
        do {
            return try await account(for: request).map(VerificationResult.found) ?? .notFound
        } catch .unopenable, .alreadyUsed {
            return .notFound
        } catch .otherFlow {
            return .unavailable(.refused(status: 400))
        } catch {
            return .unavailable(.directoryFailed)
        }
    }
}

/// Why verification could not answer found / not found. Never carries request data.
public enum VerificationError: Error, Sendable, CustomStringConvertible {
    /// A value could not be opened: forged, expired, bound to another call or field, or sealed
    /// to a key this verifier does not hold.
    case unopenable(OpenFailure)
    /// The request is for a flow this service does not serve.
    case otherFlow
    /// The account directory could not be read.
    case directoryFailed
    /// The last value was verified before: each verifies once.
    case alreadyUsed

    public var description: String {
        switch self {
        case .unopenable(let failure): failure.description
        case .otherFlow: "the request is for another flow"
        case .directoryFailed: "the account directory could not be read"
        case .alreadyUsed: "ciphertext already used"
        }
    }
}
