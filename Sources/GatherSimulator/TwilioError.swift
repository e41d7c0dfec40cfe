/// An error Twilio reports in its debugger when it cannot run a call's TwiML; the call ends.
/// Codes and titles are Twilio's.
public struct TwilioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Twilio's error code, e.g. 11200.
    public let code: Int
    /// What happened, one line.
    public let message: String

    private init(_ code: Int, _ message: String) {
        self.code = code
        self.message = message
    }

    /// 11200: the webhook could not be fetched or answered with an error status.
    public static func httpRetrievalFailure(_ detail: String) -> Self { Self(11200, "HTTP retrieval failure: \(detail)") }
    /// 12100: the answer is not a well-formed TwiML `<Response>`.
    public static let documentParseFailure = Self(12100, "Document parse failure")
    /// 12200: the document holds a verb Twilio (here: the simulator) cannot run.
    public static func schemaValidation(_ verb: String) -> Self { Self(12200, "Schema validation warning: unsupported verb <\(verb)>") }
    /// 12300: the answer is not XML.
    public static func invalidContentType(_ type: String) -> Self { Self(12300, "Invalid Content-Type: \(type)") }
    /// The call went round more redirects than any real flow needs.
    public static let tooManyRequests = Self(11200, "HTTP retrieval failure: more than 50 webhook requests in one call")

    public var description: String { "Twilio error \(code): \(message)" }
}
