/// The verifier's JSON without Foundation's general-purpose coders: its bodies are one flat
/// object of short strings, read and written on every verification.
public enum JSONText {
    /// `{"key":"value",…}` in the order given, each string escaped as `JSONEncoder` escapes it
    /// (slashes too), so the bytes are what the encoder wrote before.
    public static func object(_ members: [(String, String)]) -> String {
        var text = "{"
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { text += "," }
            appendString(key, to: &text)
            text += ":"
            appendString(value, to: &text)
        }
        return text + "}"
    }

    /// The members of a flat object whose values are strings or integers (`version`), integers
    /// as their digits; `nil` for anything else (nesting, other literals, a repeated key,
    /// non-ASCII bytes, malformed text), which the caller reads with a general parser instead.
    public static func flatObject(_ bytes: some Collection<UInt8>) -> [String: String]? {
        var reader = Reader(bytes: Array(bytes))
        return reader.flatObject()
    }

    static func appendString(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "/": text += "\\/"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{8}": text += "\\b"
            case "\u{C}": text += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func flatObject() -> [String: String]? {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var members: [String: String] = [:]
            skipSpace()
            if take(UInt8(ascii: "}")) { return finished() ? members : nil }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                guard let value = peek == UInt8(ascii: "\"") ? string() : integer() else { return nil }
                guard members.updateValue(value, forKey: key) == nil else { return nil }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                return finished() ? members : nil
            }
        }

        private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        private mutating func finished() -> Bool {
            skipSpace()
            return index == bytes.count
        }

        /// A string of printable ASCII with the simple escapes; `nil` for anything rarer.
        private mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            // Printable ASCII only (anything else goes to the general parser), so bytes are characters.
            var text: [UInt8] = []
            text.reserveCapacity(64)
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: text, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = peek else { return nil }
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                    case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
                    case UInt8(ascii: "r"): text.append(UInt8(ascii: "\r"))
                    case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t"))
                    default: return nil
                    }
                case 0x20..<0x7F:
                    text.append(byte)
                default:
                    return nil
                }
            }
            return nil
        }

        private mutating func integer() -> String? {
            let start = index
            _ = take(UInt8(ascii: "-"))
            let digitsStart = index
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
            let digits = index - digitsStart
            guard digits > 0, digits <= 18, !(digits > 1 && bytes[digitsStart] == UInt8(ascii: "0")) else { return nil }
            // A fraction or exponent is left to the general parser.
            if let byte = peek, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return nil }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }
}
