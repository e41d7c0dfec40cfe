import Crypto
import Foundation

/// Validates `X-Twilio-Signature` the way Twilio's helper libraries do.
///
/// Twilio signs HMAC-SHA1, keyed with the account's auth token, over the full URL it requested
/// followed by every POST parameter sorted by name, each name then its value; the result is
/// base64. For a JSON body Twilio instead appends `bodySHA256=<hex SHA-256 of the body>` to the
/// URL and signs the URL alone.
public struct RequestValidator: Sendable {
    private let hmac: PreparedHMAC<Insecure.SHA1>

    /// A validator for the account whose auth token is `authToken`.
    public init(authToken: SharedToken) {
        self.hmac = PreparedHMAC(key: SymmetricKey(data: Data(authToken.value.utf8)))
    }

    /// The signature Twilio would send for `url` and form `parameters`.
    public func signature(url: String, parameters: FormParameters) -> String {
        let mac = hmac.authenticationCode(for: Self.signedBytes(url: url, parameters: parameters))
        return Data(mac).base64EncodedString()
    }

    /// Whether `signature` is Twilio's for this request.
    ///
    /// - Parameters:
    ///   - url: the full URL as Twilio requested it (public base URL, path and raw query).
    ///   - parameters: the decoded form body (empty for GET or a JSON body).
    ///   - body: the raw body, checked against `bodySHA256` when the URL carries one.
    public func isValid(signature: String, url: String, parameters: FormParameters, body: [UInt8] = []) -> Bool {
        guard let presented = Data(base64Encoded: signature.trimmingCharacters(in: .whitespaces)) else { return false }
        var signedParameters = parameters
        if let bodyHash = Self.queryValue(named: "bodySHA256", in: url) {
            // The body is covered by its hash in the URL, so its parameters are not signed again.
            let actual = Hex.encode(SHA256.hash(data: body))
            guard SharedToken(unchecked: actual).matches(bodyHash.lowercased()) else { return false }
            signedParameters = FormParameters()
        }
        var valid = false
        for candidate in Self.portVariants(of: url) {
            for variant in Self.duplicateVariants(of: signedParameters) {
                // Every candidate is checked, so the time taken does not say which one matched.
                let bytes = Self.signedBytes(url: candidate, parameters: variant)
                // `==` with bytes is swift-crypto's constant-time comparison.
                valid = (hmac.authenticationCode(for: bytes) == presented) || valid
            }
        }
        return valid
    }

    static func signedBytes(url: String, parameters: FormParameters) -> [UInt8] {
        var text = [UInt8]()
        text.reserveCapacity(url.utf8.count + parameters.pairs.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count })
        text += url.utf8
        // Twilio sorts by name, then a repeated name's values; by code point, as the SDKs do.
        let sorted = parameters.pairs.sorted { lhs, rhs in
            if lhs.name != rhs.name { return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        for pair in sorted {
            text += pair.name.utf8
            text += pair.value.utf8
        }
        return text
    }

    /// Twilio may sign the URL with or without an explicit default port (`:443`, `:80`),
    /// depending on how the webhook was configured, so both forms are accepted.
    static func portVariants(of url: String) -> [String] {
        // The standard library's search, not Foundation's `range(of:)`, which bridges to
        // CFString on every webhook.
        guard let schemeEnd = url.utf8.firstRange(of: "://".utf8) else { return [url] }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let defaultPort: String
        switch scheme {
        case "https": defaultPort = "443"
        case "http": defaultPort = "80"
        default: return [url]
        }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = url[authorityStart...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        let authority = url[authorityStart..<authorityEnd]
        let hostPart: Substring
        let port: Substring?
        // An IPv6 literal has colons of its own: only a colon after `]` starts a port.
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            hostPart = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
            port = nil
        }
        let prefix = url[..<authorityStart]
        let rest = url[authorityEnd...]
        switch port {
        case nil:
            return [url, "\(prefix)\(hostPart):\(defaultPort)\(rest)"]
        case defaultPort?:
            return [url, "\(prefix)\(hostPart)\(rest)"]
        default:
            return [url]
        }
    }

    /// twilio-python signs each distinct value of a repeated parameter once; the other SDKs sign
    /// every value. The two differ only when a name repeats with an identical value.
    static func duplicateVariants(of parameters: FormParameters) -> [FormParameters] {
        // Twilio repeats no name in a voice webhook: only then is there a second variant to build.
        var names = Set<Substring>(minimumCapacity: parameters.pairs.count)
        guard !parameters.pairs.allSatisfy({ names.insert(Substring($0.name)).inserted }) else { return [parameters] }
        var seen = Set<String>()
        var distinct = FormParameters()
        for pair in parameters.pairs where seen.insert("\(pair.name)\u{0}\(pair.value)").inserted {
            distinct.append(pair.name, pair.value)
        }
        return distinct.pairs.count == parameters.pairs.count ? [parameters] : [parameters, distinct]
    }

    static func queryValue(named name: String, in url: String) -> String? {
        guard let questionMark = url.firstIndex(of: "?") else { return nil }
        var query = url[url.index(after: questionMark)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        // Decoded only when the name may be in it, as it is or percent-encoded: every webhook
        // asks for bodySHA256 and almost none has one.
        guard query.utf8.firstRange(of: name.utf8) != nil || query.utf8.contains(UInt8(ascii: "%")) else { return nil }
        return FormParameters(urlEncoded: query)[name]
    }
}
