/// A caller's account as the verifier reports it.
public struct Account: Sendable, Equatable, Codable {
    /// The account number, e.g. `AC12345678`.
    public let number: String
    /// The balance, exact.
    public let balance: Balance

    /// An account with `number` and `balance`.
    public init(number: String, balance: Balance) {
        self.number = number
        self.balance = balance
    }

    enum CodingKeys: String, CodingKey {
        case number = "account"
        case balance
    }
}
