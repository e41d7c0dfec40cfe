/// The tutorial's demo caller, seeded by `serve --dev`: card ending 1234, PIN 4321.
public enum DemoAccount {
    /// The last 4 card digits.
    public static let cardLast4 = Digits("1234")
    /// The PIN.
    public static let pin = Digits("4321")
    /// The account they unlock.
    public static let account = Account(number: "AC12345678", balance: Balance(cents: 1255))
}
