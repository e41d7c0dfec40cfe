import Hummingbird

/// The answer of `POST /simulator/api/step`: what travelled to the webhook and back.
///
/// Carries no secret: the request's `X-Twilio-Signature` stays on the server, and `Digits` is
/// shown as `*REDACTED*`.
public struct SoftphoneStepResponse: ResponseEncodable, Decodable, Sendable {
    /// The URL Twilio requested, as signed: the public base URL, the path and the query (which
    /// carries the card ciphertext from the PIN step on).
    public var requestURL: String
    /// Always `POST`: the softphone sends `Digits` in the body, never in a URL.
    public var method: String
    /// The form parameters sent, by name, with `Digits` redacted.
    public var parameters: [String: String]
    /// The webhook's HTTP status.
    public var status: Int
    /// The webhook's body: TwiML when `status` is 200.
    public var twiml: String
    /// The server's log lines written while the webhook answered (already redacted).
    public var logLines: [String]

    /// A response with every field given.
    public init(requestURL: String, method: String, parameters: [String: String], status: Int, twiml: String, logLines: [String]) {
        self.requestURL = requestURL
        self.method = method
        self.parameters = parameters
        self.status = status
        self.twiml = twiml
        self.logLines = logLines
    }
}
