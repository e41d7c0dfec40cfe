/// The `outcome` label of `encrypted_gather_calls_total`: a fixed set, one value per kind of
/// `GatherOutcome`, so no reason text, digit or identifier can become a label.
public enum CallOutcome: Int, Sendable, CaseIterable {
    /// A field was asked for (the first ask, or the next field after a value was sealed).
    case asked
    /// Nothing was entered: the field was asked again.
    case reaskedTimeout
    /// The digits broke the field's rule: the field was asked again.
    case reaskedInvalid
    /// The verifier found the caller.
    case verified
    /// The verifier did not find the caller.
    case notFound
    /// The verifier did not answer in time.
    case verifierTimedOut
    /// The verifier gave no usable answer.
    case verifierUnavailable
    /// A ciphertext carried in the URL was missing or malformed.
    case rejectedCiphertext
    /// Too many tries: goodbye.
    case gaveUp

    /// The kind of `outcome`.
    public init(_ outcome: GatherOutcome) {
        switch outcome {
        case .asked: self = .asked
        case .reasked(_, .timeout): self = .reaskedTimeout
        case .reasked(_, .invalid): self = .reaskedInvalid
        case .verified: self = .verified
        case .notFound: self = .notFound
        case .verifierUnavailable(.timedOut): self = .verifierTimedOut
        case .verifierUnavailable: self = .verifierUnavailable
        case .rejectedCiphertext: self = .rejectedCiphertext
        case .gaveUp: self = .gaveUp
        }
    }

    /// The label value, in Prometheus' snake case.
    public var label: String {
        switch self {
        case .asked: "asked"
        case .reaskedTimeout: "reasked_timeout"
        case .reaskedInvalid: "reasked_invalid"
        case .verified: "verified"
        case .notFound: "not_found"
        case .verifierTimedOut: "verifier_timed_out"
        case .verifierUnavailable: "verifier_unavailable"
        case .rejectedCiphertext: "rejected_ciphertext"
        case .gaveUp: "gave_up"
        }
    }
}
