/// The verification side, the only place that decrypts: opens every ciphertext, checks each value
/// against its field's rule, and looks the caller up by the credential hash of the identity
/// fields. `/decrypt-gather` maps straight onto it.
public struct VerificationService<Directory: AccountDirectory>: Verifier {
    private let flow: Flow
    private let opener: FieldOpener
    private let hasher: CredentialHasher
    private let directory: Directory
    private let today: @Sendable () -> CalendarDate

    /// A service for `flow` that opens with `opener`, files with `hasher` and looks up in
    /// `directory`.
    public init(
        flow: Flow = .tutorial, opener: FieldOpener, hasher: CredentialHasher, directory: Directory,
        today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() }
    ) {
        self.flow = flow
        self.opener = opener
        self.hasher = hasher
        self.directory = directory
        self.today = today
    }

    /// A service in tutorial mode: values open with `cipher`'s `AES_SECRET` only (tests).
    public init(
        flow: Flow = .tutorial, cipher: GatherCipher, hasher: CredentialHasher, directory: Directory,
        today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() }
    ) {
        self.init(flow: flow, opener: FieldOpener(aesSecrets: [cipher.secret], keyRing: nil), hasher: hasher, directory: directory, today: today)
    }

    /// The account for the request's ciphertexts, `nil` if none matches.
    ///
    /// - Throws: `VerificationError.unopenable` for a value that does not open (forged, expired,
    ///   bound elsewhere, or to a key not held), `.otherFlow` for a request of another flow, `.directoryFailed` when the directory
    ///   cannot be read.
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
        // Authentic values that break their rule (a 3-digit "PIN") cannot be anyone's.
        var context = RuleContext(today: today())
        for (field, digits) in values {
            guard case .accepted(let annotations) = field.rule.check(digits, in: context) else { return nil }
            context.annotations[field.name] = annotations
        }
        let credential = hasher.credentialHash(of: values.filter(\.field.isIdentity).map(\.digits))
        do {
            return try await directory.account(credentialHash: credential)
        } catch {
            throw .directoryFailed
        }
    }

    public func verify(_ request: VerificationRequest) async -> VerificationResult {
        do {
            return try await account(for: request).map(VerificationResult.found) ?? .notFound
        } catch .unopenable {
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

    public var description: String {
        switch self {
        case .unopenable(let failure): failure.description
        case .otherFlow: "the request is for another flow"
        case .directoryFailed: "the account directory could not be read"
        }
    }
}
