/// Where callers are looked up by card digits and PIN. Implementations store only a keyed hash of
/// the two together, never the PIN.
public protocol AccountDirectory: Sendable {
    /// The account whose card's last 4 digits and PIN are these, if any.
    func account(cardLast4: Digits, pin: Digits) async throws -> Account?

    /// Adds an account, or replaces the one with the same card digits and PIN.
    func add(_ account: Account, cardLast4: Digits, pin: Digits) async throws
}
