/// The name of a gathered field (`card`, `pin`, `accountNumber`, `dob`): a lower camel case
/// identifier, because it becomes part of query parameter and JSON field names.
public struct FieldName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name as written in the flow file.
    public let rawValue: String

    /// `nil` unless `rawValue` is a letter in lower case followed by at most 31 ASCII letters or
    /// digits.
    public init?(_ rawValue: String) {
        let utf8 = Array(rawValue.utf8)
        guard let first = utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), utf8.count <= 32,
              utf8.allSatisfy({ $0 < 128 && (Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber) })
        else { return nil }
        self.rawValue = rawValue
    }

    /// `card` → `Card`: how the name appears inside other names.
    public var capitalized: String {
        rawValue.prefix(1).uppercased() + rawValue.dropFirst()
    }

    /// The query parameter and verifier JSON field that carries this field's ciphertext:
    /// `card` → `encryptedCardDigits`, the tutorial's name.
    public var ciphertextParameter: String { "encrypted\(capitalized)Digits" }

    /// The step named after asking for this field when the flow names none: `pin` → `getPin`.
    public var defaultStep: String { "get\(capitalized)" }

    public var description: String { rawValue }

    public static func < (lhs: FieldName, rhs: FieldName) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension FieldName: ExpressibleByStringLiteral {
    /// A name written in code; it must be valid.
    public init(stringLiteral value: String) {
        guard let name = FieldName(value) else { preconditionFailure("invalid field name \(value)") }
        self = name
    }
}
