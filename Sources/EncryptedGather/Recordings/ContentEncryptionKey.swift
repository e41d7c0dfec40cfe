import Crypto
import Foundation

/// A recording's unwrapped content encryption key (CEK): the AES-256 key of its body.
///
/// It never prints: its `description` is `*REDACTED*`, so a careless log line leaks nothing.
public struct ContentEncryptionKey: Sendable, Equatable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    /// AES-256: 32 bytes.
    public static let byteCount = 32

    /// The key itself, for the cipher and for wrapping.
    let key: SymmetricKey

    /// Wraps 32 raw key bytes.
    ///
    /// - Throws: ``RecordingKeyError`` unless there are exactly 32 bytes.
    public init(bytes: some ContiguousBytes) throws {
        let count = bytes.withUnsafeBytes { $0.count }
        guard count == Self.byteCount else {
            throw RecordingKeyError.contentKeyWrongLength(byteCount: count)
        }
        key = SymmetricKey(data: bytes)
    }

    private init(key: SymmetricKey) {
        self.key = key
    }

    /// A fresh key from a cryptographically secure generator, as Twilio draws one per recording.
    public static func random() -> ContentEncryptionKey {
        ContentEncryptionKey(key: SymmetricKey(size: .bits256))
    }

    /// Always `*REDACTED*`.
    public var description: String { "*REDACTED*" }

    /// Always `*REDACTED*`.
    public var debugDescription: String { description }

    /// An empty mirror, so `dump` shows no key bytes either.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Compares in constant time, as `SymmetricKey` does.
    public static func == (lhs: ContentEncryptionKey, rhs: ContentEncryptionKey) -> Bool {
        lhs.key == rhs.key
    }
}
