import Crypto
import Foundation

/// A sealing private key, which only the verifier holds: `sealing-<kid>.pem` (PKCS#8) from
/// `keygen --sealed`, or a SEC1 key from `openssl ecparam -name prime256v1 -genkey`.
public struct SealingPrivateKey: Sendable, CustomStringConvertible {
    /// The key as swift-crypto uses it.
    public let key: P256.KeyAgreement.PrivateKey
    /// The key id of its public half.
    public let keyID: String

    /// Wraps a key.
    public init(_ key: P256.KeyAgreement.PrivateKey) {
        self.key = key
        self.keyID = SealingSuite.keyID(of: key.publicKey)
    }

    /// A new random key, for `keygen --sealed`.
    public static func generate() -> SealingPrivateKey {
        SealingPrivateKey(P256.KeyAgreement.PrivateKey())
    }

    /// Reads a PEM private key (`BEGIN PRIVATE KEY` or `BEGIN EC PRIVATE KEY`, P-256).
    public init(pem: String, source: String) throws(ConfigurationError) {
        guard let block = PEMBlock.first(in: pem, labels: ["PRIVATE KEY", "EC PRIVATE KEY"]) else {
            throw .file(source, "is not a PEM P-256 private key")
        }
        do {
            self.init(try P256.KeyAgreement.PrivateKey(pemRepresentation: block))
        } catch {
            throw .file(source, "is not a PEM P-256 private key")
        }
    }

    /// The public half.
    public var publicKey: SealingPublicKey { SealingPublicKey(key.publicKey) }

    /// PKCS#8 PEM, as `keygen --sealed` writes it.
    public var pemRepresentation: String { key.pemRepresentation }

    public var description: String { "SealingPrivateKey(\(keyID), *REDACTED*)" }
}
