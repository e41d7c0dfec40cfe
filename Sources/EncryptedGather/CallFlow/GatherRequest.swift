/// One webhook request of a call flow, read from Twilio's parameters (query and body).
public struct GatherRequest: Sendable {
    /// The `step` query parameter, naming what the request carries; `nil` when absent.
    public var step: String?
    /// Which try of the prompt being answered this is, from 1.
    public var attempt: Int
    /// What the caller pressed; empty when nothing arrived.
    public var digits: Digits
    /// Twilio's identifier of the call.
    public var callSid: String?
    /// Twilio's `From`: the caller.
    public var from: String?
    /// The query's other parameters (earlier ciphertexts, annotations), first value of each.
    private var carried: [String: String]

    /// Builds a request directly; `carried` holds query parameters such as `encryptedCardDigits`.
    public init(step: String?, attempt: Int = 1, digits: Digits = Digits(""), carried: [String: String] = [:], callSid: String? = nil) {
        self.step = step
        self.attempt = attempt
        self.digits = digits
        self.carried = carried
        self.callSid = callSid
    }

    /// Reads a request from the webhook's query and form parameters.
    ///
    /// An unknown `step` starts the call over rather than failing it: the caller hears a prompt,
    /// not Twilio's "application error". An unusable `attempt` counts as the first.
    public init(query: FormParameters, form: FormParameters) {
        self.step = query["step"]
        let attempt = query["attempt"].flatMap { Int($0) } ?? 1
        self.attempt = max(1, attempt)
        // Only the signed POST body: a `Digits` in a URL would sit in every proxy's and tunnel's
        // logs, and Twilio never sends one there for a POST action.
        self.digits = Digits(form["Digits"] ?? "")
        var carried: [String: String] = [:]
        for pair in query.pairs where carried[pair.name] == nil && pair.name != "Digits" {
            carried[pair.name] = pair.value
        }
        self.carried = carried
        self.callSid = form["CallSid"] ?? query["CallSid"]
        self.from = form["From"]
    }

    /// The query parameter `name`, as received.
    public func carried(_ name: String) -> String? {
        carried[name]
    }
}
