import Crypto
import Foundation

/// Where presented ciphertexts are remembered, so each verifies at most once, across every
/// verifier instance.
public protocol UsedCiphertextStore: Sendable {
    /// Records `digest` as used until `expiresAt` (unix seconds), atomically; false when it was
    /// used already and has not expired. May forget entries that expired before `now`.
    func markUsed(_ digest: UsedCiphertextDigest, expiresAt: Int64, now: Int64) async throws -> Bool
}

/// SHA-256 of a ciphertext's wire form: what is stored instead of the ciphertext itself.
public struct UsedCiphertextDigest: Hashable, Sendable {
    /// Lowercase hex.
    public let hex: String

    /// The digest of `ciphertext`.
    public init(of ciphertext: FieldCiphertext) {
        hex = Hex.encode(SHA256.hash(data: Data(ciphertext.wire.utf8)))
    }

    /// A digest from its stored hex form.
    public init(hex: String) {
        self.hex = hex
    }
}
