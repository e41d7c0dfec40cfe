/// A calendar date as DDMMYYYY, such as a date of birth: `{"kind": "date"}`. The day must exist
/// (no 30 February) and the year be 1900 or later.
public struct DateRule: InputRule {
    public static let kind = "date"

    /// The rule; it has no settings.
    public init() {}

    public init(spec: RuleSpec) throws(RuleSpecError) {
        try spec.allowOnly([])
    }

    public func shape(in context: RuleContext) -> GatherShape {
        GatherShape(numDigits: 8)
    }

    public func check(_ digits: Digits, in context: RuleContext) -> RuleVerdict {
        guard let values = digits.decimalDigits() else { return .rejected(reason: "format") }
        guard values.count == 8 else { return .rejected(reason: "length") }
        let number = { (range: Range<Int>) in values[range].reduce(0) { $0 * 10 + Int($1) } }
        guard let date = CalendarDate(year: number(4..<8), month: number(2..<4), day: number(0..<2)), date.year >= 1900 else {
            return .rejected(reason: "date")
        }
        return .accepted()
    }
}
