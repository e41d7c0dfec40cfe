/// What a step did, for the step log line; never carries digits.
public enum GatherOutcome: String, Sendable {
    /// Asked for the card digits.
    case askedForCard
    /// No or bad card input: asked again.
    case reaskedForCard
    /// Card digits encrypted; asked for the PIN.
    case askedForPin
    /// No or bad PIN input: asked again, still carrying the card ciphertext.
    case reaskedForPin
    /// The verifier found the caller.
    case verified
    /// The verifier did not find the caller.
    case notFound
    /// The verifier could not be reached or answered oddly; the caller hears "not found".
    case verifierUnavailable
    /// The card ciphertext in the URL was missing or malformed; the caller hears "not found".
    case rejectedCardCiphertext
    /// Too many tries: goodbye and hang up.
    case gaveUp
}

/// The TwiML to send back and what happened.
public struct GatherAnswer: Sendable {
    /// The TwiML document.
    public let twiml: String
    /// What the step did.
    public let outcome: GatherOutcome
    /// The ciphertext made in this step, if any; safe to log.
    public let ciphertext: Ciphertext?
}
