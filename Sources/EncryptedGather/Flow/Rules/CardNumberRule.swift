/// A full card number (PAN): 12 to 19 digits that pass the Luhn check, optionally of listed
/// brands only: `{"kind": "cardNumber", "brands": ["visa", "mastercard"]}`. The caller ends it
/// with `#`. An accepted number is annotated with its `brand`.
public struct CardNumberRule: InputRule {
    public static let kind = "cardNumber"
    public static let annotationKeys = ["brand"]

    public static func isAnnotation(key: String, value: String) -> Bool {
        key == "brand" && CardBrand(rawValue: value) != nil
    }

    /// Brands accepted; `nil` accepts any number that passes Luhn.
    public let brands: Set<CardBrand>?

    /// A rule accepting `brands` (all when `nil`).
    public init(brands: Set<CardBrand>? = nil) {
        self.brands = brands
    }

    public init(spec: RuleSpec) throws(RuleSpecError) {
        try spec.allowOnly(["brands"])
        guard let names = try spec.strings("brands") else {
            self.init()
            return
        }
        var brands = Set<CardBrand>()
        for name in names {
            guard let brand = CardBrand(rawValue: name) else {
                throw RuleSpecError(key: "brands", problem: "\(name) is not a brand (known: \(CardBrand.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            brands.insert(brand)
        }
        guard !brands.isEmpty else { throw RuleSpecError(key: "brands", problem: "must name at least one brand") }
        self.init(brands: brands)
    }

    public func shape(in context: RuleContext) -> GatherShape {
        GatherShape(numDigits: 19, finishOnKey: "#")
    }

    public func check(_ digits: Digits, in context: RuleContext) -> RuleVerdict {
        guard let values = digits.decimalDigits() else { return .rejected(reason: "format") }
        guard (12...19).contains(values.count) else { return .rejected(reason: "length") }
        guard Self.passesLuhn(values) else { return .rejected(reason: "luhn") }
        let brand = CardBrand(digits: values)
        if let brands {
            guard let brand, brands.contains(brand) else { return .rejected(reason: "brand") }
        }
        return .accepted(annotations: brand.map { ["brand": $0.rawValue] } ?? [:])
    }

    /// The Luhn (mod 10) check every card number carries in its last digit.
    static func passesLuhn(_ values: [UInt8]) -> Bool {
        var sum = 0
        for (offset, value) in values.reversed().enumerated() {
            let digit = Int(value)
            sum += offset.isMultiple(of: 2) ? digit : (digit * 2 > 9 ? digit * 2 - 9 : digit * 2)
        }
        return sum % 10 == 0
    }
}
