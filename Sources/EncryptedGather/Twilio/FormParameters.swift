/// Parameters as Twilio sends them: an ordered list of name/value pairs, repeated names allowed,
/// decoded from `application/x-www-form-urlencoded` (a POST body or a query string).
public struct FormParameters: Sendable, Equatable {
    /// The pairs in the order they arrived.
    public private(set) var pairs: [(name: String, value: String)]

    /// Wraps already-decoded pairs.
    public init(_ pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// Decodes `a=1&b=two+words&c=%C3%A9`: `+` is a space and `%XX` a byte, as HTML forms and
    /// Twilio encode them. A malformed escape is kept literally rather than failing the request.
    public init(urlEncoded text: some StringProtocol) {
        var pairs: [(name: String, value: String)] = []
        for field in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.formDecode(parts[0])
            let value = parts.count > 1 ? Self.formDecode(parts[1]) : ""
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    /// The first value for `name`, if any.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value for `name`, in arrival order.
    public func values(for name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// Appends a pair.
    public mutating func append(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    /// The same pairs with every `Digits` value replaced by `*REDACTED*`, for anything shown or logged.
    public var redactingDigits: FormParameters {
        FormParameters(pairs.map { ($0.name, $0.name == "Digits" ? Digits.redacted : $0.value) })
    }

    /// Encodes the pairs for a body or query, the inverse of `init(urlEncoded:)`.
    public var urlEncoded: String {
        pairs.map { "\(Self.formEncode($0.name))=\(Self.formEncode($0.value))" }.joined(separator: "&")
    }

    public static func == (lhs: FormParameters, rhs: FormParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    static func formDecode(_ text: some StringProtocol) -> String {
        let utf8 = text.utf8
        // Most of Twilio's values (sids, statuses, hex ciphertexts) need no decoding.
        guard utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return String(text) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let second = index == utf8.endIndex ? index : utf8.index(after: index)
                if second != utf8.endIndex, let high = Hex.nibble(utf8[index]), let low = Hex.nibble(utf8[second]) {
                    bytes.append(high << 4 | low)
                    index = utf8.index(after: second)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "*"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + Hex.encode([byte]).uppercased()
            }
        }
        return out
    }
}
