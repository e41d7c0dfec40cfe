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
        self = text.utf8.withContiguousStorageIfAvailable { Self(urlEncodedUTF8: UnsafeRawBufferPointer($0)) }
            ?? Array(text.utf8).withUnsafeBytes { Self(urlEncodedUTF8: $0) }
    }

    /// Decodes the UTF-8 bytes of a form body or query as `init(urlEncoded:)` does, without
    /// making a `String` of the whole first: every webhook request goes through here.
    public init(urlEncodedUTF8 bytes: UnsafeRawBufferPointer) {
        var pairs: [(name: String, value: String)] = []
        pairs.reserveCapacity(16)
        var start = 0
        while start < bytes.count {
            var end = start
            var equals: Int?
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") {
                if equals == nil, bytes[end] == UInt8(ascii: "=") { equals = end }
                end += 1
            }
            if end > start {
                let nameEnd = equals ?? end
                let name = Self.formDecode(UnsafeRawBufferPointer(rebasing: bytes[start..<nameEnd]))
                let value = equals.map { Self.formDecode(UnsafeRawBufferPointer(rebasing: bytes[($0 + 1)..<end])) } ?? ""
                pairs.append((name, value))
            }
            start = end + 1
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
        Array(text.utf8).withUnsafeBytes { formDecode($0) }
    }

    static func formDecode(_ utf8: UnsafeRawBufferPointer) -> String {
        // Most of Twilio's values (sids, statuses, hex ciphertexts) need no decoding.
        guard utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(decoding: utf8, as: UTF8.self)
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            index += 1
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if index + 1 < utf8.count, let high = Hex.nibble(utf8[index]), let low = Hex.nibble(utf8[index + 1]) {
                    bytes.append(high << 4 | low)
                    index += 2
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
