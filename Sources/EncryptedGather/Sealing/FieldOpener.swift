import Crypto
import Foundation

/// Opens gathered values on the verifier: tutorial values with `AES_SECRET` (then each of
/// `AES_SECRET_PREVIOUS`), sealed values with the sealing key their key id names, within
/// `CIPHERTEXT_TTL` of their sealing, for the field and the call they were sealed for.
public struct FieldOpener: Sendable {
    /// How far in the future a sealing time may be: the gather host's clock may run ahead.
    public static var allowedClockSkewSeconds: Int64 { 60 }

    private let aesSecrets: [AESSecret]
    private let keyRing: SealingKeyRing?
    private let timeToLive: Int64
    private let now: @Sendable () -> Int64

    /// An opener with these keys; values sealed more than `timeToLive` seconds before `now` are
    /// refused.
    public init(
        aesSecrets: [AESSecret], keyRing: SealingKeyRing?, timeToLive: Int64 = 900,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.aesSecrets = aesSecrets
        self.keyRing = keyRing
        self.timeToLive = timeToLive
        self.now = now
    }

    /// The digits in `value`, gathered for `field` in the call `callSid`.
    public func open(_ value: FieldCiphertext, field: FieldName, callSid: String?) throws(OpenFailure) -> Digits {
        switch value {
        case .tutorial(let ciphertext):
            guard !aesSecrets.isEmpty else { throw .noKey }
            for secret in aesSecrets {
                if let digits = try? GatherCipher(secret: secret).openDigits(ciphertext) { return digits }
            }
            throw .notAuthentic
        case .sealed(let envelope):
            // Bound to a call: without one there is nothing to check the binding against.
            guard let callSid, !callSid.isEmpty else { throw .notAuthentic }
            guard let key = keyRing?.key(for: envelope.keyID) else { throw .noKey }
            let age = now() - envelope.sealedAt
            guard age <= timeToLive else { throw .expired }
            guard age >= -Self.allowedClockSkewSeconds else { throw .notAuthentic }
            let aad = SealingSuite.associatedData(field: field, callSid: callSid, sealedAt: envelope.sealedAt)
            do {
                var recipient = try HPKE.Recipient(
                    privateKey: key.key, ciphersuite: SealingSuite.ciphersuite, info: SealingSuite.info,
                    encapsulatedKey: Data(envelope.encapsulatedKey))
                let plaintext = try recipient.open(envelope.ciphertext, authenticating: aad)
                guard let text = String(validating: Array(plaintext), as: UTF8.self) else { throw OpenFailure.notAuthentic }
                return Digits(text)
            } catch {
                // Another call, another field, another key or altered bytes: all look alike here.
                throw .notAuthentic
            }
        }
    }
}

/// Why a value could not be opened. Says nothing about its content.
public enum OpenFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Forged, altered, sealed under another key, for another call or another field.
    case notAuthentic
    /// Sealed longer ago than `CIPHERTEXT_TTL`.
    case expired
    /// This verifier holds no key for it: no `AES_SECRET` for a tutorial value, or no sealing key
    /// with its key id.
    case noKey

    public var description: String {
        switch self {
        case .notAuthentic: "ciphertext failed authentication"
        case .expired: "ciphertext expired"
        case .noKey: "no key for this ciphertext"
        }
    }
}
