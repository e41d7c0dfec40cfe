import Crypto
import Foundation

/// The fixed parameters of sealed mode, pinned because other tools produce and check these bytes:
/// HPKE (RFC 9180) base mode, single shot, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM.
public enum SealingSuite {
    /// `.P256_SHA256_AES_GCM_256`: KEM 0x0010, KDF 0x0001, AEAD 0x0002.
    public static let ciphersuite = HPKE.Ciphersuite.P256_SHA256_AES_GCM_256
    /// HPKE `info`: ASCII `encrypted-gather/v1`.
    public static let info = Data("encrypted-gather/v1".utf8)

    /// HPKE `aad`: ASCII `<field>:<CallSid>:<t>`, binding a value to its field, its call and the
    /// second it was sealed, so it cannot be replayed in another call, as another field, or late.
    public static func associatedData(field: FieldName, callSid: String, sealedAt: Int64) -> Data {
        Data("\(field.rawValue):\(callSid):\(sealedAt)".utf8)
    }

    /// The key id: the first 8 lowercase hex characters of SHA-256 over the public key's
    /// uncompressed X9.63 point (65 bytes).
    public static func keyID(of publicKey: P256.KeyAgreement.PublicKey) -> String {
        String(Hex.encode(SHA256.hash(data: publicKey.x963Representation)).prefix(8))
    }
}
