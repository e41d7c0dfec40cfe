import Crypto
import Foundation

/// AES-256-GCM with a fresh 96-bit nonce per message and no associated data: byte-compatible with
/// the `AES` Function of Twilio's encrypted-gather tutorial.
public struct GatherCipher: Sendable {
    let secret: AESSecret

    /// A cipher under the shared `AES_SECRET`.
    public init(secret: AESSecret) {
        self.secret = secret
    }

    /// Encrypts the caller's digits; the plaintext is gone from this value's point of view.
    public func seal(_ digits: Digits) -> Ciphertext {
        digits.withPlaintext { seal(utf8: Array($0.utf8)) }
    }

    /// Encrypts arbitrary UTF-8 text, for the `encrypt` subcommand and interoperability tests.
    public func seal(utf8 plaintext: [UInt8]) -> Ciphertext {
        // `seal` only fails for a key of the wrong size, which `AESSecret` rules out.
        let box = try! AES.GCM.seal(plaintext, using: secret.key, nonce: AES.GCM.Nonce())
        return Ciphertext(combined: Array(box.combined!))
    }

    /// Opens a box sealed under the same key; throws if it was forged, altered or sealed under
    /// another key, never saying anything about the plaintext.
    public func open(_ ciphertext: Ciphertext) throws(CipherError) -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: ciphertext.combined)
            return Array(try AES.GCM.open(box, using: secret.key))
        } catch {
            throw .notAuthentic
        }
    }

    /// Opens a tutorial-form value; a sealed one never opens under an AES key.
    public func openDigits(_ value: FieldCiphertext) throws(CipherError) -> Digits {
        guard case .tutorial(let ciphertext) = value else { throw .notAuthentic }
        return try openDigits(ciphertext)
    }

    /// Opens a box whose plaintext must be the caller's digits (UTF-8).
    public func openDigits(_ ciphertext: Ciphertext) throws(CipherError) -> Digits {
        let bytes = try open(ciphertext)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notAuthentic }
        return Digits(text)
    }
}

/// Why a ciphertext could not be opened. Deliberately says nothing about the content.
public enum CipherError: Error, Sendable, CustomStringConvertible {
    /// The tag did not verify: wrong key, forged or altered ciphertext.
    case notAuthentic

    public var description: String {
        switch self {
        case .notAuthentic: "ciphertext failed authentication (forged, altered or sealed under another key)"
        }
    }
}
