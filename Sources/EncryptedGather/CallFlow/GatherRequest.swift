/// One webhook request of the call flow, read from Twilio's parameters (query and body).
public struct GatherRequest: Sendable {
    /// Which step the request is for; `getLast4CC` when absent.
    public var step: GatherStep
    /// Which try of the prompt being answered this is, from 1.
    public var attempt: Int
    /// What the caller pressed; empty when nothing arrived.
    public var digits: Digits
    /// The card ciphertext carried in the PIN step's URL, exactly as received.
    public var encryptedCardDigits: String?
    /// Twilio's identifier of the call, for logs.
    public var callSid: String?

    /// Builds a request directly.
    public init(step: GatherStep, attempt: Int = 1, digits: Digits = Digits(""), encryptedCardDigits: String? = nil, callSid: String? = nil) {
        self.step = step
        self.attempt = attempt
        self.digits = digits
        self.encryptedCardDigits = encryptedCardDigits
        self.callSid = callSid
    }

    /// Reads a request from the webhook's query and form parameters.
    ///
    /// An unknown `step` starts the call over rather than failing it: the caller hears a prompt,
    /// not Twilio's "application error". An unusable `attempt` counts as the first.
    public init(query: FormParameters, form: FormParameters) {
        self.step = query["step"].flatMap(GatherStep.init(rawValue:)) ?? .getLast4CC
        let attempt = query["attempt"].flatMap { Int($0) } ?? 1
        self.attempt = max(1, attempt)
        self.digits = Digits(form["Digits"] ?? query["Digits"] ?? "")
        self.encryptedCardDigits = query["encryptedCardDigits"]
        self.callSid = form["CallSid"] ?? query["CallSid"]
    }
}
