import AsyncHTTPClient
import EncryptedGather
import GatherSimulator

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

    private let webhook: WebhookClient
    private let endpoints: ServiceEndpoints

    /// Requests the webhook at `endpoints`, signing with `authToken`, over `client`.
    public init(client: HTTPClient = .shared, endpoints: ServiceEndpoints, authToken: SharedToken) {
        self.webhook = WebhookClient(client: client, authToken: authToken)
        self.endpoints = endpoints
    }

    /// POSTs to `path` (path and query of the webhook) on call `callSid`, with `digits` if any.
    public func request(path: String, callSid: String, digits: Digits?) async throws -> Answer {
        let caller = CallerIdentity(callSid: callSid, accountSid: Self.accountSid, from: Self.from, to: Self.to)
        let parameters = digits.map { $0.withPlaintext { caller.parameters(digits: $0) } } ?? caller.parameters()
        let signedURL = endpoints.publicBaseURL + path
        let answer = try await webhook.request(endpoints.loopbackBaseURL + path, method: "POST", parameters: parameters, signedAs: signedURL)
        let redacted = Dictionary(parameters.redactingDigits.pairs.map { ($0.name, $0.value) }) { first, _ in first }
        return Answer(url: signedURL, redactedParameters: redacted, status: answer.status, body: answer.body)
    }
}
