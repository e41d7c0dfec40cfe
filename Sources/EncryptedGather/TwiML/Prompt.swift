/// One TwiML answer a flow can give, each rendered from an operator-editable template in
/// `TwiML/` (`{name}.mustache`).
public enum Prompt: Sendable {
    /// Ask for a field, or ask again.
    case gather(GatherPrompt)
    /// The verifier found the caller.
    case verified(account: String, balance: String)
    /// The verifier did not find the caller, or could not be reached.
    case notFound
    /// Too many tries: say goodbye and hang up.
    case goodbye
}

/// Asking for one field.
public struct GatherPrompt: Sendable {
    /// The field asked for.
    public var field: FieldName
    /// Where Twilio posts the digits; it carries every earlier ciphertext.
    public var action: String
    /// Which try this is, from 1.
    public var attempt: Int
    /// Why the field is asked again; `nil` on the first try.
    public var reason: RepromptReason?
    /// The `<Gather>` attributes the field's rule decides.
    public var shape: GatherShape

    /// A prompt for `field`.
    public init(field: FieldName, action: String, attempt: Int = 1, reason: RepromptReason? = nil, shape: GatherShape) {
        self.field = field
        self.action = action
        self.attempt = attempt
        self.reason = reason
        self.shape = shape
    }
}
