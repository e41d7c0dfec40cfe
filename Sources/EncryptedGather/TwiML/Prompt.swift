/// One TwiML answer the call flow can give, each rendered from its own operator-editable
/// template in `TwiML/` (the file is named after the case).
public enum Prompt: Sendable {
    /// Ask for the last 4 digits of the payment card. `retry` is true after no or bad input.
    case getLast4CC(action: String, retry: Bool)
    /// Ask for the 4-digit PIN; the action URL carries the card's ciphertext.
    case getPin(action: String, retry: Bool)
    /// The verifier found the caller.
    case verified(account: String, balance: String)
    /// The verifier did not find the caller, or could not be reached.
    case notFound
    /// Too many tries: say goodbye and hang up.
    case goodbye

    /// The template's file name without its `.mustache` extension.
    public var templateName: String {
        switch self {
        case .getLast4CC: "getLast4CC"
        case .getPin: "getPin"
        case .verified: "verified"
        case .notFound: "notFound"
        case .goodbye: "goodbye"
        }
    }

    /// Every template the flow needs; all must load before the server starts.
    public static let templateNames = ["getLast4CC", "getPin", "verified", "notFound", "goodbye"]

    /// The values a template may use. Gather prompts repeat their action as `redirect`, the
    /// `<Redirect>` Twilio follows when the caller enters nothing.
    var context: [String: String] {
        switch self {
        case .getLast4CC(let action, let retry), .getPin(let action, let retry):
            var context = ["action": action, "redirect": action]
            if retry { context["retry"] = "true" }
            return context
        case .verified(let account, let balance):
            return ["account": account, "balance": balance]
        case .notFound, .goodbye:
            return [:]
        }
    }

    /// Sample prompts for start-up validation. The values hold `&`, `<` and quotes, so a template
    /// that forgets to escape (`{{{action}}}`) renders broken XML and is refused.
    static let samples: [Prompt] = [
        .getLast4CC(action: "https://example.invalid/encrypted-gather?step=getPin&attempt=2&x=<'\">", retry: true),
        .getPin(action: "https://example.invalid/encrypted-gather?step=processData&encryptedCardDigits=00&x=<'\">", retry: false),
        .verified(account: "AC<&>'\"", balance: "12.55"),
        .notFound,
        .goodbye,
    ]
}
