/// An AES-256-GCM sealed box in the tutorial's wire format: lowercase hex of
/// nonce(12) ‖ ciphertext ‖ tag(16).
///
/// Holding a `Ciphertext` says only that the text is well formed; whether it is genuine is known
/// only to whoever holds the key and opens it.
public struct Ciphertext: Sendable, Hashable, CustomStringConvertible {
    /// Nonce and tag together: the shortest well-formed box, sealing an empty plaintext.
    public static let minimumByteCount = 12 + 16

    /// The raw bytes: nonce ‖ ciphertext ‖ tag.
    public let combined: [UInt8]

    /// Wraps raw sealed-box bytes.
    public init(combined: [UInt8]) {
        self.combined = combined
    }

    /// Parses hex in either case; `nil` unless it is even-length hex of at least 28 bytes.
    public init?(hex: some StringProtocol) {
        guard let bytes = Hex.decode(hex), bytes.count >= Self.minimumByteCount else { return nil }
        self.combined = bytes
    }

    /// The wire form: lowercase hex.
    public var hex: String { Hex.encode(combined) }

    /// Ciphertext may be logged and put in URLs: that is the point of encrypting.
    public var description: String { hex }
}
