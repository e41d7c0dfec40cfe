/// A payment card brand, told by the number's leading digits (its IIN range).
///
/// The brand is not cardholder data: PCI DSS lets the first six digits be shown, and the brand
/// follows from fewer. It travels beside the ciphertexts so a later field (the security code) can
/// be shaped for it.
public enum CardBrand: String, Sendable, CaseIterable {
    case visa
    case mastercard
    case amex
    case discover

    /// The brand of a number given as digit values; `nil` when it is none of these.
    init?(digits: [UInt8]) {
        func prefix(_ count: Int) -> Int {
            digits.prefix(count).reduce(0) { $0 * 10 + Int($1) }
        }
        switch true {
        case digits.first == 4: self = .visa
        case (51...55).contains(prefix(2)), (2221...2720).contains(prefix(4)): self = .mastercard
        case [34, 37].contains(prefix(2)): self = .amex
        case prefix(4) == 6011, (644...649).contains(prefix(3)), prefix(2) == 65: self = .discover
        default: return nil
        }
    }

    /// The length of the brand's security code: 4 on the front of an Amex, 3 on the back of others.
    public var securityCodeLength: Int {
        self == .amex ? 4 : 3
    }
}
