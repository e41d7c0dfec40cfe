import Foundation
import _CryptoExtras

/// Your RSA private key for Twilio Voice Recording Encryption: it unwraps each recording's CEK.
///
/// Loads PKCS#1 (`BEGIN RSA PRIVATE KEY`, what `openssl genrsa -traditional` writes) and PKCS#8
/// (`BEGIN PRIVATE KEY`) PEM, 2048 bits or more. Not `Sendable`, because swift-crypto's RSA key
/// is not: load it where it is used, as ``RecordingKeyRing`` does for each recording.
public struct RecordingPrivateKey {
    private let key: _RSA.Encryption.PrivateKey
    private let source: String

    /// Parses PEM text; `source` names it in errors (a file name, say).
    ///
    /// - Throws: ``RecordingKeyError`` with a one-line reason.
    public init(pemRepresentation pem: String, source: String = "the private key") throws {
        do {
            key = try _RSA.Encryption.PrivateKey(pemRepresentation: pem)
        } catch {
            if pem.contains("ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED") {
                throw RecordingKeyError.passphraseProtected(source: source)
            }
            if pem.contains("PUBLIC KEY-----") {
                throw RecordingKeyError.publicKeyInsteadOfPrivate(source: source)
            }
            throw RecordingKeyError.notAPrivateKey(source: source)
        }
        self.source = source
    }

    /// Reads and parses a PEM file, such as `private_key.pem`.
    ///
    /// - Throws: ``RecordingKeyError`` with a one-line reason.
    public init(contentsOfFile path: String) throws {
        try self.init(pemRepresentation: try KeyFile.read(path), source: path)
    }

    /// The modulus size, such as 2048.
    public var keySizeInBits: Int { key.keySizeInBits }

    /// The matching public key.
    public var publicKey: RecordingPublicKey { RecordingPublicKey(key.publicKey, source: source) }

    /// Unwraps a recording's CEK with RSAES-OAEP (SHA-256, MGF1-SHA-256), as Twilio wrapped it.
    ///
    /// - Parameter publicKeySid: the SID from the details, used only to make a wrong key's error
    ///   say which key was expected.
    /// - Throws: ``RecordingKeyError``: a wrong key gives one line naming the SID.
    public func unwrap(
        _ encryptedCEK: EncryptedContentKey,
        publicKeySid: PublicKeySid? = nil
    ) throws -> ContentEncryptionKey {
        let modulusByteCount = keySizeInBits / 8
        guard encryptedCEK.bytes.count == modulusByteCount else {
            throw RecordingKeyError.encryptedCEKWrongSize(
                byteCount: encryptedCEK.bytes.count, expected: modulusByteCount, sid: publicKeySid)
        }
        let cek: Data
        do {
            // .PKCS1_OAEP would be SHA-1; Twilio uses SHA-256 for both the hash and MGF1.
            cek = try key.decrypt(encryptedCEK.bytes, padding: .PKCS1_OAEP_SHA256)
        } catch {
            // swift-crypto reports a wrong key as an opaque BoringSSL error: say what it means.
            throw RecordingKeyError.unwrapFailed(source: source, sid: publicKeySid)
        }
        return try ContentEncryptionKey(bytes: cek)
    }
}

@available(*, unavailable, message: "swift-crypto's RSA keys are not Sendable: load the key where it is used")
extension RecordingPrivateKey: Sendable {}
