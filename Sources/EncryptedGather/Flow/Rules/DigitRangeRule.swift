/// Between `min` and `max` digits, ended by `finishOnKey` (or by reaching `max`), as an account
/// number: `{"kind": "digitRange", "min": 6, "max": 10, "finishOnKey": "#"}`.
public struct DigitRangeRule: InputRule {
    public static let kind = "digitRange"

    /// The fewest digits accepted.
    public let minimum: Int
    /// The most digits accepted; Twilio stops listening there.
    public let maximum: Int
    /// The key that ends a shorter entry: `#` (the default) or `*`.
    public let finishOnKey: String

    /// A rule for `minimum...maximum` digits ended by `finishOnKey`.
    public init(minimum: Int, maximum: Int, finishOnKey: String = "#") {
        self.minimum = minimum
        self.maximum = maximum
        self.finishOnKey = finishOnKey
    }

    public init(spec: RuleSpec) throws(RuleSpecError) {
        try spec.allowOnly(["min", "max", "finishOnKey"])
        guard let minimum = try spec.integer("min") else { throw RuleSpecError(key: "min", problem: "is required") }
        guard let maximum = try spec.integer("max") else { throw RuleSpecError(key: "max", problem: "is required") }
        guard (1...64).contains(minimum) else { throw RuleSpecError(key: "min", problem: "must be from 1 to 64") }
        guard (minimum...64).contains(maximum) else { throw RuleSpecError(key: "max", problem: "must be from min to 64") }
        let finishOnKey = try spec.string("finishOnKey") ?? "#"
        guard ["#", "*"].contains(finishOnKey) else { throw RuleSpecError(key: "finishOnKey", problem: "must be # or *") }
        self.init(minimum: minimum, maximum: maximum, finishOnKey: finishOnKey)
    }

    public func shape(in context: RuleContext) -> GatherShape {
        GatherShape(numDigits: maximum, finishOnKey: finishOnKey)
    }

    public func check(_ digits: Digits, in context: RuleContext) -> RuleVerdict {
        guard let values = digits.decimalDigits() else { return .rejected(reason: "format") }
        return (minimum...maximum).contains(values.count) ? .accepted() : .rejected(reason: "length")
    }
}
