/// Whoever decrypts the two ciphertexts and looks the caller up: the `/decrypt-gather` endpoint
/// over HTTP in production, or the `VerificationService` in-process in tests.
public protocol Verifier: Sendable {
    /// Asks whether the card and PIN ciphertexts belong to an account.
    func verify(encryptedCardDigits: Ciphertext, encryptedPinDigits: Ciphertext) async -> VerificationResult
}

/// The verifier's answer as the call flow needs it.
public enum VerificationResult: Sendable, Equatable {
    /// The caller's account.
    case found(Account)
    /// No account matches (or the ciphertexts were refused).
    case notFound
    /// The verifier could not be asked or gave no usable answer; the reason is for logs only.
    case unavailable(reason: String)
}
