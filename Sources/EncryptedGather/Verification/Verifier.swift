/// Whoever decrypts the ciphertexts and looks the caller up: the `/decrypt-gather` endpoint over
/// HTTP in production, or the `VerificationService` in-process.
public protocol Verifier: Sendable {
    /// Asks whether the request's ciphertexts belong to an account.
    func verify(_ request: VerificationRequest) async -> VerificationResult
}

/// The verifier's answer as the call flow needs it.
public enum VerificationResult: Sendable, Equatable {
    /// The caller's account.
    case found(Account)
    /// No account matches.
    case notFound
    /// The verifier could not be asked or gave no usable answer. The caller hears "not found",
    /// but this is our fault, not the caller's: it is logged as an error.
    case unavailable(VerifierFailure)
}

/// Why the verifier gave no answer. Never carries request data.
public enum VerifierFailure: Sendable, Equatable, CustomStringConvertible {
    /// No answer within the time-out.
    case timedOut
    /// The verifier refused our request (400, 401, 403, 413, 415…): a version skew or a wrong
    /// token between gather and verifier, never the caller's doing.
    case refused(status: Int)
    /// The verifier failed (5xx) or answered a status that means nothing here.
    case failed(status: Int)
    /// The verifier answered 200 without an account.
    case unreadableAnswer
    /// The verifier could not be reached (refused connection, TLS, DNS).
    case unreachable(String)
    /// The in-process verifier could not read its account directory.
    case directoryFailed
    /// The verifier had seen this PIN ciphertext before (409): the gather side seals every value
    /// afresh, so a replay is someone else's doing.
    case alreadyUsed

    public var description: String {
        switch self {
        case .timedOut: "the verifier did not answer in time"
        case .refused(let status): "the verifier refused our request with HTTP \(status) (check VERIFY_URL and VERIFY_TOKEN, and that both sides run the same flow and version)"
        case .failed(let status): "the verifier failed with HTTP \(status)"
        case .unreadableAnswer: "the verifier answered 200 without an account"
        case .unreachable(let reason): "the verifier is unreachable: \(reason)"
        case .directoryFailed: "the account directory could not be read"
        case .alreadyUsed: "the verifier refused the PIN ciphertext as already used"
        }
    }
}
