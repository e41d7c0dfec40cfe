/// The verification side, the only place that decrypts: opens both ciphertexts and looks the
/// caller up by card digits and PIN. `/decrypt-gather` maps straight onto it.
public struct VerificationService<Directory: AccountDirectory>: Verifier {
    private let cipher: GatherCipher
    private let directory: Directory

    /// A service that opens with `cipher` and looks up in `directory`.
    public init(cipher: GatherCipher, directory: Directory) {
        self.cipher = cipher
        self.directory = directory
    }

    /// The account for the two ciphertexts, `nil` if none matches.
    ///
    /// - Throws: `VerificationError.notAuthentic` for a ciphertext that does not open under our
    ///   key, `.directoryFailed` when the directory cannot be read.
    public func account(encryptedCardDigits: Ciphertext, encryptedPinDigits: Ciphertext) async throws(VerificationError) -> Account? {
        let card: Digits
        let pin: Digits
        do {
            card = try cipher.openDigits(encryptedCardDigits)
            pin = try cipher.openDigits(encryptedPinDigits)
        } catch {
            throw .notAuthentic
        }
        // An authentic ciphertext of anything but 4 digits cannot be anyone's card or PIN.
        guard card.isDecimal(count: 4), pin.isDecimal(count: 4) else { return nil }
        do {
            return try await directory.account(cardLast4: card, pin: pin)
        } catch {
            throw .directoryFailed
        }
    }

    public func verify(encryptedCardDigits: Ciphertext, encryptedPinDigits: Ciphertext) async -> VerificationResult {
        do {
            let account = try await account(encryptedCardDigits: encryptedCardDigits, encryptedPinDigits: encryptedPinDigits)
            return account.map(VerificationResult.found) ?? .notFound
        } catch .notAuthentic {
            return .notFound
        } catch {
            return .unavailable(reason: error.description)
        }
    }
}

/// Why verification could not answer found / not found. Never carries request data.
public enum VerificationError: Error, Sendable, CustomStringConvertible {
    /// A ciphertext did not open under our key.
    case notAuthentic
    /// The account directory could not be read.
    case directoryFailed

    public var description: String {
        switch self {
        case .notAuthentic: "ciphertext failed authentication"
        case .directoryFailed: "the account directory could not be read"
        }
    }
}
