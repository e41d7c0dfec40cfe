/// The caller `serve --dev` seeds for a flow: made-up values for its identity fields and the
/// account they unlock. Never real card data: the card-payment flow's is a public test number.
public struct DemoCaller: Sendable {
    /// A value for each identity field.
    public let values: [FieldName: Digits]
    /// The account they unlock.
    public let account: Account

    /// A demo caller with `values` unlocking `account`.
    public init(values: [FieldName: Digits], account: Account) {
        self.values = values
        self.account = account
    }
}
