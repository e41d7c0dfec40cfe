import Crypto
import Foundation

/// The 12-byte AES-GCM IV of one recording (`iv`, or `encryption_iv` in the REST resource).
public struct InitializationVector: Sendable, Hashable {
    /// The only IV length Twilio uses: 96 bits, GCM's standard nonce size.
    public static let byteCount = 12

    /// The IV's bytes: exactly ``byteCount`` of them.
    public let bytes: Data

    /// Wraps raw IV bytes.
    ///
    /// - Throws: ``EncryptionDetailsError`` unless there are exactly 12 bytes.
    public init(bytes: Data) throws {
        try self.init(bytes: bytes, field: "iv")
    }

    /// Decodes Twilio's base64 text, as in the `--iv` option or an `iv` field.
    ///
    /// - Throws: ``EncryptionDetailsError`` if the text is not base64 or not 12 bytes.
    public init(base64Encoded text: String) throws {
        try self.init(base64Encoded: text, field: "iv")
    }

    /// Decodes base64, naming `field` in errors (the spelling the input used).
    init(base64Encoded text: String, field: String) throws {
        try self.init(bytes: Base64Field.decode(text, field: field), field: field)
    }

    private init(bytes: Data, field: String) throws {
        guard bytes.count == Self.byteCount else {
            throw EncryptionDetailsError.wrongIVLength(field: field, byteCount: bytes.count)
        }
        self.bytes = bytes
    }

    /// A fresh IV from a cryptographically secure generator, as Twilio draws one per recording.
    public static func random() -> InitializationVector {
        let bytes = AES.GCM.Nonce().withUnsafeBytes { Data($0) }
        // The nonce is always 12 bytes, so this cannot fail.
        return try! InitializationVector(bytes: bytes)
    }

    /// The IV in base64, as Twilio writes it.
    public var base64EncodedString: String { bytes.base64EncodedString() }
}
