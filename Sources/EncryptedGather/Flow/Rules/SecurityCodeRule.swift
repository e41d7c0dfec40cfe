/// A card security code (CVV, CVC, CID) whose length follows the brand of an earlier card field:
/// 4 digits for Amex, 3 for the others: `{"kind": "securityCode", "card": "card"}`.
///
/// PCI DSS forbids storing it after authorisation, even encrypted or hashed: make its field
/// `"identity": false`, so it is checked and sealed but never hashed into the directory.
public struct SecurityCodeRule: InputRule {
    public static let kind = "securityCode"

    /// The card field whose brand decides the length.
    public let card: FieldName

    /// A rule following the brand of `card`.
    public init(card: FieldName = "card") {
        self.card = card
    }

    public init(spec: RuleSpec) throws(RuleSpecError) {
        try spec.allowOnly(["card"])
        let name = try spec.string("card") ?? "card"
        guard let card = FieldName(name) else { throw RuleSpecError(key: "card", problem: "must be a field name") }
        self.init(card: card)
    }

    public var dependencies: [FieldName] { [card] }

    public func shape(in context: RuleContext) -> GatherShape {
        GatherShape(numDigits: length(in: context))
    }

    public func check(_ digits: Digits, in context: RuleContext) -> RuleVerdict {
        guard let values = digits.decimalDigits() else { return .rejected(reason: "format") }
        return values.count == length(in: context) ? .accepted() : .rejected(reason: "length")
    }

    private func length(in context: RuleContext) -> Int {
        let brand = context.annotations[card]?["brand"].flatMap(CardBrand.init(rawValue:))
        return brand?.securityCodeLength ?? 3
    }
}
