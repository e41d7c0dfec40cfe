import Foundation

/// A recording's CEK as Twilio sends it (`encrypted_cek`): wrapped with RSAES-OAEP (SHA-256,
/// MGF1-SHA-256) under your public key, so only your private key can unwrap it.
public struct EncryptedContentKey: Sendable, Hashable {
    /// The wrapped key: as long as the RSA modulus (256 bytes for a 2048-bit key).
    public let bytes: Data

    /// Wraps bytes that are already decoded.
    public init(bytes: Data) {
        self.bytes = bytes
    }

    /// Decodes Twilio's base64 text, as in the `--encrypted-cek` option or an `encrypted_cek` field.
    ///
    /// - Throws: ``EncryptionDetailsError`` if the text is not base64 or is empty.
    public init(base64Encoded text: String) throws {
        try self.init(base64Encoded: text, field: "encrypted_cek")
    }

    /// Decodes base64, naming `field` in errors (the spelling the input used).
    init(base64Encoded text: String, field: String) throws {
        let bytes = try Base64Field.decode(text, field: field)
        guard !bytes.isEmpty else { throw EncryptionDetailsError.empty(field: field) }
        self.bytes = bytes
    }

    /// The key in base64, as Twilio writes it.
    public var base64EncodedString: String { bytes.base64EncodedString() }
}

/// Strict base64 decoding for EncryptionDetails fields, with errors that name the field.
enum Base64Field {
    /// The bytes of `text`, or an error naming `field`.
    static func decode(_ text: String, field: String) throws -> Data {
        guard let bytes = Data(base64Encoded: text) else {
            // A '+' sent in a form body and decoded as form data turns into a space.
            throw EncryptionDetailsError.invalidBase64(field: field, containsSpace: text.contains(" "))
        }
        return bytes
    }
}
