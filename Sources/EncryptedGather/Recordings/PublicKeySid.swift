/// The SID of a Twilio Public Key resource: `CR` and 32 hex digits, naming the key pair that a
/// recording's CEK was wrapped for.
public struct PublicKeySid: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The SID as Twilio writes it, for example `CR201607f4ca45a533cdca8d9a828c2a87`.
    public let rawValue: String

    /// Accepts `CR` followed by exactly 32 hex digits; anything else is `nil`.
    public init?(_ rawValue: String) {
        // The SID becomes a file name in a key ring, so nothing but hex digits may follow "CR":
        // no "/", no "..", no spaces.
        let utf8 = rawValue.utf8
        guard utf8.count == 34, rawValue.hasPrefix("CR"),
            utf8.dropFirst(2).allSatisfy(Self.isHexDigit)
        else { return nil }
        self.rawValue = rawValue
    }

    /// Decodes a SID from a JSON string, refusing anything that is not a Twilio public key SID.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let sid = PublicKeySid(text) else {
            throw EncryptionDetailsError.invalidPublicKeySid(field: "public_key_sid")
        }
        self = sid
    }

    /// Encodes the SID as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The SID itself: it names a key, it is not a secret.
    public var description: String { rawValue }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default:
            false
        }
    }
}
