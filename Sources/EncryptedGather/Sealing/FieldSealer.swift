import Crypto
import Foundation
import Synchronization

/// Seals each gathered value the moment it arrives. The gather side holds only this.
public protocol FieldSealer: Sendable {
    /// Seals `digits`, gathered for `field` in the call `callSid`.
    func seal(_ digits: Digits, field: FieldName, callSid: String) -> FieldCiphertext
}

extension GatherCipher: FieldSealer {
    /// Tutorial mode: AES-256-GCM under `AES_SECRET`, bound to nothing, as the tutorial's code.
    public func seal(_ digits: Digits, field: FieldName, callSid: String) -> FieldCiphertext {
        .tutorial(seal(digits))
    }
}

/// Sealed mode: HPKE to the verifier's public key, with the field, the call and the time in the
/// associated data. Whoever runs it can encrypt but never decrypt.
public struct HPKESealer: FieldSealer {
    private let publicKey: SealingPublicKeySource
    private let now: @Sendable () -> Int64

    /// A sealer to the key `publicKey` holds now, stamping values with `now` (unix seconds).
    public init(publicKey: SealingPublicKeySource, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.publicKey = publicKey
        self.now = now
    }

    public func seal(_ digits: Digits, field: FieldName, callSid: String) -> FieldCiphertext {
        let key = publicKey.current
        let sealedAt = max(0, now())
        let aad = SealingSuite.associatedData(field: field, callSid: callSid, sealedAt: sealedAt)
        // Sealing fails only for a key of another curve, which `SealingPublicKey` rules out.
        var sender = try! HPKE.Sender(recipientKey: key.key, ciphersuite: SealingSuite.ciphersuite, info: SealingSuite.info)
        let sealed = digits.withPlaintext { text in try! sender.seal(Data(text.utf8), authenticating: aad) }
        let envelope = SealedEnvelope(
            keyID: key.keyID, sealedAt: sealedAt, encapsulatedKey: Array(sender.encapsulatedKey), ciphertext: Array(sealed))!
        return .sealed(envelope)
    }
}

/// Where the gather side's public key comes from: `SEALING_PUBLIC_KEY`, read again on SIGHUP so a
/// rotation switches keys without a restart.
public final class SealingPublicKeySource: Sendable {
    private let path: String?
    private let key: Mutex<SealingPublicKey>

    /// The key in the file at `path`.
    public init(path: String) throws(ConfigurationError) {
        self.path = path
        self.key = Mutex(try SealingPublicKey(path: path))
    }

    /// A fixed key (tests).
    public init(_ key: SealingPublicKey) {
        self.path = nil
        self.key = Mutex(key)
    }

    /// The key new values are sealed to.
    public var current: SealingPublicKey { key.withLock { $0 } }

    /// Reads the file again; a file that has become unusable, or a key `accept` refuses, keeps
    /// the current key, and says why.
    @discardableResult
    public func reload(
        accepting accept: (SealingPublicKey) throws(ConfigurationError) -> Void = { _ in }
    ) throws(ConfigurationError) -> SealingPublicKey {
        guard let path else { return current }
        let fresh = try SealingPublicKey(path: path)
        try accept(fresh)
        key.withLock { $0 = fresh }
        return fresh
    }
}
