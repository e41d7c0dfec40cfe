/// A card expiry as MMYY that is not in the past: `{"kind": "expiry"}`. A card is valid through
/// the last day of its expiry month.
public struct ExpiryRule: InputRule {
    public static let kind = "expiry"

    /// The rule; it has no settings.
    public init() {}

    public init(spec: RuleSpec) throws(RuleSpecError) {
        try spec.allowOnly([])
    }

    public func shape(in context: RuleContext) -> GatherShape {
        GatherShape(numDigits: 4)
    }

    public func check(_ digits: Digits, in context: RuleContext) -> RuleVerdict {
        guard let values = digits.decimalDigits() else { return .rejected(reason: "format") }
        guard values.count == 4 else { return .rejected(reason: "length") }
        let month = Int(values[0]) * 10 + Int(values[1])
        let year = 2000 + Int(values[2]) * 10 + Int(values[3])
        guard (1...12).contains(month) else { return .rejected(reason: "month") }
        guard (year, month) >= (context.today.year, context.today.month) else { return .rejected(reason: "expired") }
        return .accepted()
    }
}
