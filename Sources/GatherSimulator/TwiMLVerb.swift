/// A TwiML verb as the simulator executes it; only what a voice `<Response>` for this product
/// may hold. Anything else is `.unsupported`, which ends the call as Twilio would.
public enum TwiMLVerb: Sendable, Equatable {
    /// `<Say>`: words spoken to the caller.
    case say(String)
    /// `<Play>`: an audio file (printed, not played).
    case play(String)
    /// `<Pause length="…">`: silence, in seconds.
    case pause(seconds: Int)
    /// `<Gather>`: collect keypad digits, with the verbs it nests.
    case gather(GatherVerb)
    /// `<Redirect method="…">URL</Redirect>`.
    case redirect(url: String, method: String)
    /// `<Hangup/>`.
    case hangup
    /// A verb this product's TwiML never uses and the simulator does not run.
    case unsupported(String)
}

/// `<Gather>`'s attributes with Twilio's defaults, and the verbs it nests.
public struct GatherVerb: Sendable, Equatable {
    /// Where digits go; `nil` means the current document's URL (Twilio's default).
    public var action: String?
    /// `POST` unless given.
    public var method: String = "POST"
    /// Stop after this many digits; `nil` means only `finishOnKey` or the timeout stops.
    public var numDigits: Int?
    /// The key that ends input; `#` unless given, empty for none.
    public var finishOnKey: String = "#"
    /// Seconds of silence before Twilio gives up; 5 unless given.
    public var timeout: Int = 5
    /// The prompts inside the Gather (`<Say>`, `<Play>`, `<Pause>`).
    public var prompts: [TwiMLVerb] = []

    /// A Gather with Twilio's defaults.
    public init() {}
}
