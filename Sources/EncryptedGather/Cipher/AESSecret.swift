import Crypto

/// The 32-byte AES-256 key shared by the gather side and the verifier (`AES_SECRET`).
///
/// Its description never shows the key, so it is safe to put in a log line or an error by mistake.
public struct AESSecret: Sendable, CustomStringConvertible {
    /// The key as swift-crypto uses it.
    public let key: SymmetricKey

    /// Parses the 64 hex characters of `AES_SECRET`; the tutorial's `xxd -l32 -p /dev/urandom` form.
    public init(hex: String) throws(ConfigurationError) {
        let trimmed = hex.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .missingSecret("AES_SECRET") }
        guard let bytes = Hex.decode(trimmed) else {
            throw .malformedSecret("AES_SECRET", expected: "64 hex characters (32 bytes)")
        }
        guard bytes.count == 32 else {
            throw .malformedSecret(
                "AES_SECRET", expected: "64 hex characters (32 bytes), got \(trimmed.utf8.count) characters")
        }
        self.key = SymmetricKey(data: bytes)
    }

    /// A fresh random key, for `keygen` and `serve --dev`.
    public static func random() -> AESSecret {
        AESSecret(key: SymmetricKey(size: .bits256))
    }

    private init(key: SymmetricKey) {
        self.key = key
    }

    /// The key as 64 lowercase hex characters, for writing it once where the operator asked.
    public var hexRepresentation: String {
        key.withUnsafeBytes { Hex.encode($0) }
    }

    public var description: String { "AESSecret(*REDACTED*)" }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return self[first...last]
    }
}
