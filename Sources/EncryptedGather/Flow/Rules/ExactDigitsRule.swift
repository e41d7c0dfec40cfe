/// Exactly `count` digits, as the tutorial's card last-4 and PIN: `{"kind": "digits", "count": 4}`.
public struct ExactDigitsRule: InputRule {
    public static let kind = "digits"

    /// How many digits.
    public let count: Int

    /// A rule for exactly `count` digits.
    public init(count: Int) {
        self.count = count
    }

    public init(spec: RuleSpec) throws(RuleSpecError) {
        try spec.allowOnly(["count"])
        guard let count = try spec.integer("count") else { throw RuleSpecError(key: "count", problem: "is required") }
        guard (1...64).contains(count) else { throw RuleSpecError(key: "count", problem: "must be from 1 to 64") }
        self.count = count
    }

    public func shape(in context: RuleContext) -> GatherShape {
        GatherShape(numDigits: count)
    }

    public func check(_ digits: Digits, in context: RuleContext) -> RuleVerdict {
        guard let values = digits.decimalDigits() else { return .rejected(reason: "format") }
        return values.count == count ? .accepted() : .rejected(reason: "length")
    }
}
