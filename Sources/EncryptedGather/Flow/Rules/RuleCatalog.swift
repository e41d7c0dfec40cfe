/// Every kind of field a flow file may use. A new kind is a new `InputRule` type, listed here.
public enum RuleCatalog {
    /// The rule types, by their `kind`.
    public static let kinds: [String: any InputRule.Type] = Dictionary(
        uniqueKeysWithValues: ruleTypes.map { ($0.kind, $0) })

    static let ruleTypes: [any InputRule.Type] = [
        ExactDigitsRule.self,
        DigitRangeRule.self,
        CardNumberRule.self,
        ExpiryRule.self,
        DateRule.self,
        SecurityCodeRule.self,
    ]

    /// The rule `spec` describes.
    public static func rule(for spec: RuleSpec) throws(RuleSpecError) -> any InputRule {
        guard let type = kinds[spec.kind] else {
            throw RuleSpecError(key: "kind", problem: "\(spec.kind) is not a rule (known: \(kinds.keys.sorted().joined(separator: ", ")))")
        }
        return try type.init(spec: spec)
    }
}
