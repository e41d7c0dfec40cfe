/// Why Twilio's `EncryptionDetails` could not be read. Its `description` is one line and never
/// repeats a key or IV.
public struct EncryptionDetailsError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case invalidJSON
        case notJSONObject
        case notEncrypted
        case notAString(field: String)
        case incomplete(missing: [String])
        case contradictory(String, String)
        case unsupportedType(String)
        case invalidPublicKeySid(field: String)
        case invalidBase64(field: String, containsSpace: Bool)
        case empty(field: String)
        case wrongIVLength(field: String, byteCount: Int)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The text is not JSON at all.
    public static let invalidJSON = Self(.invalidJSON)

    /// The JSON is not an object.
    public static let notJSONObject = Self(.notJSONObject)

    /// The JSON is `null`: Twilio sends that for a recording it did not encrypt.
    public static let notEncrypted = Self(.notEncrypted)

    /// A field holds a number, an object or an array where a string belongs.
    public static func notAString(field: String) -> Self { Self(.notAString(field: field)) }

    /// Required fields are missing (named in the spelling the input used).
    public static func incomplete(missing: [String]) -> Self { Self(.incomplete(missing: missing)) }

    /// Both spellings of one field are present, with different values.
    public static func contradictory(_ field: String, _ otherField: String) -> Self {
        Self(.contradictory(field, otherField))
    }

    /// `type` is not `rsa-aes`.
    public static func unsupportedType(_ type: String) -> Self { Self(.unsupportedType(type)) }

    /// The public key SID is not `CR` and 32 hex digits.
    public static func invalidPublicKeySid(field: String) -> Self { Self(.invalidPublicKeySid(field: field)) }

    /// A field is not base64; `containsSpace` adds a hint about form decoding.
    public static func invalidBase64(field: String, containsSpace: Bool) -> Self {
        Self(.invalidBase64(field: field, containsSpace: containsSpace))
    }

    /// A field is present but empty.
    public static func empty(field: String) -> Self { Self(.empty(field: field)) }

    /// The IV does not decode to 12 bytes.
    public static func wrongIVLength(field: String, byteCount: Int) -> Self {
        Self(.wrongIVLength(field: field, byteCount: byteCount))
    }

    /// One line, naming fields but never their values (except an unsupported `type`, shortened).
    public var description: String {
        switch code {
        case .invalidJSON:
            "EncryptionDetails is not valid JSON"
        case .notJSONObject:
            "EncryptionDetails is not a JSON object"
        case .notEncrypted:
            "EncryptionDetails is null: Twilio did not encrypt this recording"
        case .notAString(let field):
            "EncryptionDetails field \(field) is not a string"
        case .incomplete(let missing):
            "EncryptionDetails is incomplete: missing \(missing.joined(separator: ", "))"
        case .contradictory(let field, let otherField):
            "EncryptionDetails is contradictory: \(field) and \(otherField) differ"
        case .unsupportedType(let type):
            "EncryptionDetails type is \"\(Self.printable(type))\"; only rsa-aes is supported"
        case .invalidPublicKeySid(let field):
            "\(field) is not a Twilio public key SID (CR and 32 hex digits)"
        case .invalidBase64(let field, let containsSpace):
            "\(field) is not base64"
                + (containsSpace ? " (it contains a space: was a '+' form-decoded into a space?)" : "")
        case .empty(let field):
            "\(field) is empty"
        case .wrongIVLength(let field, let byteCount):
            "\(field) decodes to \(byteCount) bytes; AES-256-GCM recordings use a 12-byte IV"
        }
    }

    // The type comes from outside: keep the message one short line whatever it holds.
    private static func printable(_ text: String) -> String {
        let visible = text.unicodeScalars.prefix(24).map { scalar in
            scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\""
                ? Character(scalar) : "?"
        }
        return String(visible) + (text.unicodeScalars.count > 24 ? "…" : "")
    }
}
