/// One thing a flow asks the caller for: its name, the rule its digits must meet, how it is
/// asked and asked again, and whether it identifies the caller.
public struct FlowField: Sendable {
    /// The field's name; its ciphertext travels as `encrypted` + `Name` + `Digits`.
    public let name: FieldName
    /// The step whose request asks for this field (`getLast4CC`), and which receives the previous
    /// field's digits.
    public let step: String
    /// What the digits must be.
    public let rule: any InputRule
    /// The TwiML template that asks (a `.mustache` file in `TWIML_DIR`); `gather` by default.
    public let template: String
    /// What is said to ask, a Mustache text template; `nil` when `template` holds its own words.
    public let prompt: String?
    /// What is said before the prompt when asking again, by reason: `timeout`, `invalid-<reason>`
    /// (e.g. `invalid-luhn`), `invalid` for any invalid input, `default` for anything.
    public let reprompts: [String: String]
    /// Tries before the call ends.
    public let tries: Int
    /// Seconds Twilio waits for the first key.
    public let timeout: Int
    /// Whether the field identifies the caller, so it is part of the credential hash. A security
    /// code must not be: it may never be stored, not even hashed.
    public let isIdentity: Bool

    /// A field; `step` defaults to `get` + `Name`.
    public init(
        name: FieldName, step: String? = nil, rule: any InputRule, template: String = FlowField.genericTemplate,
        prompt: String? = nil, reprompts: [String: String] = [:], tries: Int = 3, timeout: Int = 10, isIdentity: Bool = true
    ) {
        self.name = name
        self.step = step ?? name.defaultStep
        self.rule = rule
        self.template = template
        self.prompt = prompt
        self.reprompts = reprompts
        self.tries = tries
        self.timeout = timeout
        self.isIdentity = isIdentity
    }

    /// The TwiML template shipped for fields that bring their own words.
    public static let genericTemplate = "gather"

    /// The re-prompt text for `reason`: the most specific one the flow words.
    public func reprompt(for reason: RepromptReason) -> String? {
        reason.lookupKeys.lazy.compactMap { reprompts[$0] }.first
    }
}

/// Why a field is asked again, as Twilio's `<Pay>` tells its error prompts apart.
public enum RepromptReason: Sendable, Equatable {
    /// Nothing was entered before the `<Gather>` timed out.
    case timeout
    /// The digits broke the field's rule, for `reason` (`length`, `luhn`, `brand`, `expired`…).
    case invalid(String)

    /// `timeout` or `invalid-<reason>`.
    public var key: String {
        switch self {
        case .timeout: "timeout"
        case .invalid(let reason): "invalid-\(reason)"
        }
    }

    /// The re-prompt keys to try, most specific first.
    var lookupKeys: [String] {
        switch self {
        case .timeout: ["timeout", "default"]
        case .invalid: [key, "invalid", "default"]
        }
    }
}
