/// The `step` query parameter of `/encrypted-gather`, named as in Twilio's tutorial. Each step
/// receives the caller's answer to the prompt the previous step gave.
public enum GatherStep: String, Sendable, CaseIterable {
    /// The call starts: ask for the last 4 card digits.
    case getLast4CC
    /// `Digits` holds the card digits: encrypt them, ask for the PIN.
    case getPin
    /// `Digits` holds the PIN: encrypt it and send both ciphertexts to the verifier.
    case processData
}
