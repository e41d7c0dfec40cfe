extension Flow {
    /// The tutorial's call, the default: the last 4 card digits (step `getLast4CC`), then a 4-digit
    /// PIN (step `getPin`), then `processData`. Its prompts are the `getLast4CC` and `getPin`
    /// templates, which hold their own words, so every answer is byte for byte the tutorial's.
    public static let tutorial = try! Flow(
        name: "tutorial",
        fields: [
            FlowField(name: "card", step: "getLast4CC", rule: ExactDigitsRule(count: 4), template: "getLast4CC"),
            FlowField(name: "pin", step: "getPin", rule: ExactDigitsRule(count: 4), template: "getPin"),
        ],
        demo: DemoCaller(
            values: ["card": DemoAccount.cardLast4, "pin": DemoAccount.pin],
            account: DemoAccount.account),
        source: "built-in tutorial flow"
    )
}
