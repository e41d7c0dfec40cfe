import Crypto
import Foundation
import _CryptoExtras

/// The RSA public key you gave Twilio: it wraps a CEK the way Twilio does, for tests and for
/// encrypting recordings locally.
///
/// Not `Sendable`, because swift-crypto's RSA key is not.
public struct RecordingPublicKey {
    private let key: _RSA.Encryption.PublicKey
    private let source: String

    /// Wraps a key swift-crypto already parsed; `source` names it in errors.
    init(_ key: _RSA.Encryption.PublicKey, source: String) {
        self.key = key
        self.source = source
    }

    /// Parses PEM text (`BEGIN PUBLIC KEY`); `source` names it in errors.
    ///
    /// - Throws: ``RecordingKeyError`` with a one-line reason.
    public init(pemRepresentation pem: String, source: String = "the public key") throws {
        do {
            key = try _RSA.Encryption.PublicKey(pemRepresentation: pem)
        } catch {
            if pem.contains("PRIVATE KEY-----") {
                throw RecordingKeyError.privateKeyInsteadOfPublic(source: source)
            }
            throw RecordingKeyError.notAPublicKey(source: source)
        }
        self.source = source
    }

    /// Reads and parses a PEM file, such as `public_key.pem`.
    ///
    /// - Throws: ``RecordingKeyError`` with a one-line reason.
    public init(contentsOfFile path: String) throws {
        try self.init(pemRepresentation: try KeyFile.read(path), source: path)
    }

    /// The modulus size, such as 2048.
    public var keySizeInBits: Int { key.keySizeInBits }

    /// The key as `BEGIN PUBLIC KEY` PEM, the text you paste into Twilio's Console.
    public var pemRepresentation: String { key.pemRepresentation }

    /// A stand-in SID for recordings encrypted locally: `CR` and the first 32 hex digits of the
    /// SHA-256 of the key's DER. Twilio's own SIDs are random; use the real one when you have it.
    public var placeholderSid: PublicKeySid {
        let digest = SHA256.hash(data: key.derRepresentation)
        let hex = digest.prefix(16).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
        // "CR" and 32 lowercase hex digits always make a valid SID.
        return PublicKeySid("CR" + hex)!
    }

    /// Wraps a CEK with RSAES-OAEP (SHA-256, MGF1-SHA-256), as Twilio does.
    ///
    /// - Throws: ``RecordingKeyError`` if wrapping fails.
    public func wrap(_ contentKey: ContentEncryptionKey) throws -> EncryptedContentKey {
        do {
            let wrapped = try contentKey.key.withUnsafeBytes { bytes in
                try key.encrypt(bytes, padding: .PKCS1_OAEP_SHA256)
            }
            return EncryptedContentKey(bytes: wrapped)
        } catch {
            throw RecordingKeyError.wrapFailed(source: source)
        }
    }
}

@available(*, unavailable, message: "swift-crypto's RSA keys are not Sendable: load the key where it is used")
extension RecordingPublicKey: Sendable {}
