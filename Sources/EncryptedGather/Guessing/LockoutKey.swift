import Crypto
import Foundation

/// What failed verifications are counted under: a keyed hash of the card digits (the flow's first
/// identity value) or of the caller's number, so a lockout table reveals neither.
public struct LockoutKey: Hashable, Sendable, CustomStringConvertible {
    /// The hash, lowercase hex.
    public let hex: String

    /// A key from its stored hex form.
    public init(hex: String) {
        self.hex = hex
    }

    /// The first 8 hex characters: enough to tell lockouts apart in a log, useless for guessing.
    public var description: String { String(hex.prefix(8)) }
}

/// Whose failures a key counts.
public enum LockoutSubject: String, Sendable {
    /// The card digits (the flow's first identity field).
    case card
    /// The caller: Twilio's `From`.
    case caller
}

extension CredentialHasher {
    /// The lockout key of `value` as `subject`: HMAC-SHA256 under the PIN-hash key with a label of
    /// its own, so it matches no credential hash.
    public func lockoutKey(_ subject: LockoutSubject, _ value: Digits) -> LockoutKey {
        var message = Data("encrypted-gather/lockout/\(subject.rawValue):".utf8)
        value.withPlaintext { message.append(contentsOf: $0.utf8) }
        return LockoutKey(hex: authenticationCode(for: message))
    }
}
