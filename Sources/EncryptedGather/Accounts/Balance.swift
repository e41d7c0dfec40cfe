import Foundation

/// A money amount held as integer cents, so `12.55` is always rendered `"12.55"` and never
/// `12.550000000000001`.
public struct Balance: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The amount in cents.
    public let cents: Int64

    /// A balance of `cents`.
    public init(cents: Int64) {
        self.cents = cents
    }

    /// Parses `12`, `12.5`, `12.55`, `-3.10`; `nil` for anything else (more than two decimals,
    /// exponents, spaces, overflow).
    public init?(_ text: String) {
        var rest = Substring(text)
        let negative = rest.first == "-"
        if negative { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        let isDigits: (Substring) -> Bool = { $0.utf8.allSatisfy { (48...57).contains($0) } }
        guard !whole.isEmpty, isDigits(whole), isDigits(fraction), fraction.count <= 2,
              parts.count == 1 || !fraction.isEmpty,
              let units = Int64(whole)
        else { return nil }
        let paddedFraction = Int64(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        let (scaled, overflow) = units.multipliedReportingOverflow(by: 100)
        guard !overflow, scaled <= Int64.max - paddedFraction else { return nil }
        self.cents = (negative ? -1 : 1) * (scaled + paddedFraction)
    }

    /// `12.55`, `-3.10`, `0.05`.
    public var description: String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(cents < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let balance = Balance(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a decimal amount"))
        }
        self = balance
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
