import AsyncHTTPClient
import EncryptedGather
import Foundation
import NIOCore
import NIOHTTP1

/// Plays Twilio's part for the softphone: requests this server's own webhook over loopback with
/// the parameters Twilio sends on a call, signed with `X-Twilio-Signature` as Twilio signs it.
///
/// The signature covers the public base URL (what the webhook validates), while the bytes go to
/// the bound port on loopback, so it works behind a tunnel's `PUBLIC_BASE_URL` too.
public struct LoopbackTwilio: Sendable {
    /// The `AccountSid` sent on every call: a made-up account in Twilio's format.
    public static let accountSid = "AC" + "5e0f1c0de5e0f1c0de5e0f1c0de5e0f1"
    /// `From`: Twilio's magic test number for a valid caller.
    public static let from = "+15005550006"
    /// `To`: the number the demo caller dials.
    public static let to = "+15005550001"
    /// Twilio waits 15 s for a webhook answer before it gives up.
    public static var timeout: TimeAmount { .seconds(15) }
    /// A TwiML document is a few KB; a far bigger answer is not one.
    public static var responseLimit: Int { 256 * 1024 }

    /// What came back from one request.
    public struct Answer: Sendable {
        /// The URL that was signed: public base URL, path and query.
        public var url: String
        /// The parameters sent, with `Digits` redacted.
        public var redactedParameters: [String: String]
        /// The webhook's HTTP status.
        public var status: Int
        /// The webhook's body.
        public var body: String
    }

    private let client: HTTPClient
    private let endpoints: ServiceEndpoints
    private let validator: RequestValidator

    /// Requests the webhook at `endpoints`, signing with `authToken`, over `client`.
    public init(client: HTTPClient = .shared, endpoints: ServiceEndpoints, authToken: SharedToken) {
        self.client = client
        self.endpoints = endpoints
        self.validator = RequestValidator(authToken: authToken)
    }

    /// POSTs to `path` (path and query of the webhook) on call `callSid`, with `digits` if any.
    public func request(path: String, callSid: String, digits: Digits?) async throws -> Answer {
        var parameters = FormParameters([
            ("AccountSid", Self.accountSid), ("ApiVersion", "2010-04-01"), ("CallSid", callSid),
            ("CallStatus", "in-progress"), ("Direction", "inbound"), ("From", Self.from), ("To", Self.to),
        ])
        digits?.withPlaintext { parameters.append("Digits", $0) }
        let signedURL = endpoints.publicBaseURL + path
        var request = HTTPClientRequest(url: endpoints.loopbackBaseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: validator.signature(url: signedURL, parameters: parameters))
        request.body = .bytes(ByteBuffer(string: parameters.urlEncoded))
        let response = try await client.execute(request, timeout: Self.timeout)
        let body = try await response.body.collect(upTo: Self.responseLimit)
        var redacted: [String: String] = [:]
        for pair in parameters.pairs {
            redacted[pair.name] = pair.name == "Digits" ? Digits.redacted : pair.value
        }
        return Answer(url: signedURL, redactedParameters: redacted, status: Int(response.status.code), body: String(buffer: body))
    }
}
