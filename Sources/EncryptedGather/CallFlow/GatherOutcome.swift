/// What a step did, for the step log line; never carries digits.
public enum GatherOutcome: Sendable, Equatable {
    /// Asked for a field: `askedForCard`.
    case asked(FieldName)
    /// No or bad input: asked for the field again (`reaskedForPin`), for a reason.
    case reasked(FieldName, RepromptReason)
    /// The verifier found the caller.
    case verified
    /// The verifier did not find the caller.
    case notFound
    /// The verifier gave no answer; the caller hears "not found", the log says why at error level.
    case verifierUnavailable(VerifierFailure)
    /// A ciphertext carried in the URL was missing or malformed; the caller hears "not found".
    case rejectedCiphertext
    /// Too many tries: goodbye and hang up.
    case gaveUp

    /// The name in the step log line: `askedForCard`, `reaskedForPin`, `verified`…
    public var name: String {
        switch self {
        case .asked(let field): "askedFor\(field.capitalized)"
        case .reasked(let field, _): "reaskedFor\(field.capitalized)"
        case .verified: "verified"
        case .notFound: "notFound"
        case .verifierUnavailable(.timedOut): "verifierTimedOut"
        case .verifierUnavailable: "verifierUnavailable"
        case .rejectedCiphertext: "rejectedCiphertext"
        case .gaveUp: "gaveUp"
        }
    }
}

/// The TwiML to send back and what happened.
public struct GatherAnswer: Sendable {
    /// The TwiML document.
    public let twiml: String
    /// What the step did.
    public let outcome: GatherOutcome
    /// The ciphertext sealed in this step, if any.
    public let ciphertext: FieldCiphertext?
}
