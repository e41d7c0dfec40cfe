/// One thing that happened on a simulated call, for the transcript. Never holds the digits
/// pressed, only how many.
public enum CallEvent: Sendable, Equatable {
    /// The simulator, as Twilio, requested the webhook.
    case requested(method: String, url: String, status: Int, milliseconds: Int)
    /// `<Say>`.
    case said(String)
    /// `<Play>`.
    case played(String)
    /// `<Pause>`.
    case paused(seconds: Int)
    /// The caller pressed this many keys (shown masked).
    case pressed(count: Int)
    /// The caller pressed nothing before the Gather's timeout.
    case silence(timeout: Int)
    /// `<Hangup/>`, or the document ran out of verbs.
    case hungUp
    /// Twilio would have ended the call with this error.
    case failed(TwilioError)

    /// A transcript line.
    public var line: String {
        switch self {
        case .requested(let method, let url, let status, let milliseconds):
            "  → \(method) \(url)  [\(status), \(milliseconds) ms]"
        case .said(let text): "Twilio says: \(text)"
        case .played(let url): "Twilio plays: \(url)"
        case .paused(let seconds): "(pause \(seconds)s)"
        case .pressed(let count): "Caller presses: \(String(repeating: "•", count: count))"
        case .silence(let timeout): "Caller presses nothing (\(timeout)s timeout)"
        case .hungUp: "Call ended."
        case .failed(let error): "Call failed: \(error)"
        }
    }
}
