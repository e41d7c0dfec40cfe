import EncryptedGather

/// The body of `POST /simulator/api/step`: which webhook URL Twilio requests next on a call, and
/// what the caller pressed for the `<Gather>` that led there.
///
/// `{"callSid": "CA…", "url": "/encrypted-gather?step=getPin", "digits": "1234"}`; `url` may also
/// be absolute under the public base URL, as a `<Gather>` `action` is.
public struct SoftphoneStepRequest: Decodable, Sendable {
    /// The call's `CallSid`: `CA` and 32 lowercase hex digits.
    public let callSid: String
    /// The webhook URL to request, as the TwiML named it.
    public let url: String
    /// What the caller pressed; absent for the first request and for a `<Redirect>`.
    public let digits: Digits?

    private enum CodingKeys: String, CodingKey {
        case callSid, url, digits
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.callSid = try container.decode(String.self, forKey: .callSid)
        self.url = try container.decode(String.self, forKey: .url)
        // Wrapped at once, so the plaintext can only leave through `withPlaintext`.
        self.digits = try container.decodeIfPresent(String.self, forKey: .digits).map(Digits.init)
    }

    /// Whether `callSid` has the shape of Twilio's call SIDs.
    public var hasValidCallSid: Bool {
        callSid.utf8.count == 34 && callSid.hasPrefix("CA")
            && callSid.utf8.dropFirst(2).allSatisfy { Self.isLowercaseHex($0) }
    }

    /// Whether the digits are what a keypad can send: at most 64 of `0`–`9`, `*` and `#`.
    public var hasValidDigits: Bool {
        guard let digits else { return true }
        return digits.withPlaintext { text in
            text.utf8.count <= 64 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "#") }
        }
    }

    /// The path and query of `url` when it names the webhook (`/encrypted-gather`, optionally with
    /// a query), relative or under `publicBaseURL`; `nil` for anything else.
    public func webhookPath(publicBaseURL: String) -> String? {
        var path = Substring(url)
        var base = Substring(publicBaseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        if path.hasPrefix(base + "/") { path = path.dropFirst(base.count) }
        guard path.hasPrefix(GatherURLs.path) else { return nil }
        let rest = path.dropFirst(GatherURLs.path.count)
        guard rest.isEmpty || rest.hasPrefix("?") else { return nil }
        // Printable ASCII only, no fragment, no backslash: nothing a proxy or parser could read
        // as another path.
        guard path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f && $0 != "#" && $0 != "\\" }) else { return nil }
        return String(path)
    }

    private static func isLowercaseHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
