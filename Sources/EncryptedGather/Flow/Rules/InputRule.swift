/// What a field accepts and how the `<Gather>` that asks for it is shaped. One type per kind of
/// field; the flow file names the kind (`RuleCatalog`).
///
/// A rule sees the caller's digits only through `Digits.withPlaintext`, and says only whether
/// they are acceptable and why not: it never returns them.
public protocol InputRule: Sendable {
    /// The kind as written in a flow file, e.g. `cardNumber`.
    static var kind: String { get }

    /// Builds the rule from its flow file entry; throws a `RuleSpecError` naming the bad key.
    init(spec: RuleSpec) throws(RuleSpecError)

    /// The `numDigits` and `finishOnKey` of the `<Gather>` asking for this field.
    func shape(in context: RuleContext) -> GatherShape

    /// Whether `digits` are acceptable here. An accepted value may add annotations: facts about
    /// it that are not secret (a card's brand) and that later fields need.
    func check(_ digits: Digits, in context: RuleContext) -> RuleVerdict

    /// Annotation keys this rule may produce; only these are read back from a URL.
    static var annotationKeys: [String] { get }

    /// Whether `value` is one this rule could have produced for `key`; anything else read from a
    /// URL is dropped.
    static func isAnnotation(key: String, value: String) -> Bool

    /// Field names this rule reads annotations of; they must come earlier in the flow.
    var dependencies: [FieldName] { get }
}

extension InputRule {
    public static var annotationKeys: [String] { [] }
    public static func isAnnotation(key: String, value: String) -> Bool { false }
    public var dependencies: [FieldName] { [] }
    /// The kind of this rule's type.
    public var kind: String { Self.kind }
}

/// The `<Gather>` attributes a rule decides.
public struct GatherShape: Sendable, Equatable {
    /// Twilio stops after this many keys.
    public var numDigits: Int?
    /// Twilio stops at this key (not sent); `nil` leaves Twilio's default.
    public var finishOnKey: String?

    /// A shape with the given attributes.
    public init(numDigits: Int?, finishOnKey: String? = nil) {
        self.numDigits = numDigits
        self.finishOnKey = finishOnKey
    }
}

/// A rule's answer about one value.
public enum RuleVerdict: Sendable, Equatable {
    /// Acceptable; `annotations` are public facts about the value (e.g. `brand: amex`).
    case accepted(annotations: [String: String] = [:])
    /// Not acceptable, for `reason` (e.g. `luhn`): the re-prompt says `invalid-luhn`.
    case rejected(reason: String)
}

/// What a rule may know besides the value: the date, and annotations of earlier fields.
public struct RuleContext: Sendable {
    /// Today, in UTC.
    public var today: CalendarDate
    /// Annotations of earlier fields, e.g. `[card: [brand: amex]]`.
    public var annotations: [FieldName: [String: String]]

    /// A context for `today` with `annotations`.
    public init(today: CalendarDate, annotations: [FieldName: [String: String]] = [:]) {
        self.today = today
        self.annotations = annotations
    }
}

extension Digits {
    /// The plaintext's bytes if all are ASCII decimal digits (and there is at least one).
    func decimalDigits() -> [UInt8]? {
        withPlaintext { text in
            let bytes = Array(text.utf8)
            guard !bytes.isEmpty, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return bytes.map { $0 - UInt8(ascii: "0") }
        }
    }
}
