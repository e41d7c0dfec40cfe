import Crypto
import Foundation

/// A shared secret string: Twilio's auth token (`TWILIO_AUTH_TOKEN`) or the verifier's bearer
/// token (`VERIFY_TOKEN`). Never printed; compared only in constant time.
public struct SharedToken: Sendable, CustomStringConvertible {
    /// Shorter tokens are refused: Twilio's auth tokens are 32 characters, and a bearer token
    /// that can be guessed protects nothing.
    public static let minimumLength = 16

    /// The token's text, for signing and for the `Authorization` header.
    public let value: String

    /// Validates a token read from `name` (for the error message).
    public init(_ value: String, name: String) throws(ConfigurationError) {
        let trimmed = String(value.trimmingWhitespace())
        guard !trimmed.isEmpty else { throw .missingSecret(name) }
        guard trimmed.utf8.count >= Self.minimumLength else {
            throw .malformedSecret(name, expected: "at least \(Self.minimumLength) characters")
        }
        guard trimmed.unicodeScalars.allSatisfy({ $0.isASCII && !$0.properties.isWhitespace && $0.value > 0x20 && $0.value < 0x7f })
        else {
            throw .malformedSecret(name, expected: "printable ASCII without spaces")
        }
        self.value = trimmed
    }

    /// Wraps a token without the length rules; for tests and the simulator, which must be able
    /// to speak to servers configured with Twilio's short documentation tokens.
    public init(unchecked value: String) {
        self.value = value
    }

    /// A fresh random token (32 lowercase hex characters, the shape of a Twilio auth token).
    public static func random() -> SharedToken {
        SharedToken(unchecked: Hex.encode(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }))
    }

    /// Constant-time comparison with what a client presented.
    ///
    /// Both sides are hashed first so the comparison neither short-circuits nor leaks the length.
    public func matches(_ presented: some StringProtocol) -> Bool {
        let expected = SHA256.hash(data: Data(value.utf8))
        let actual = SHA256.hash(data: Data(presented.utf8))
        return expected == actual
    }

    public var description: String { "*REDACTED*" }
}
