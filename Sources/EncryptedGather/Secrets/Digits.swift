/// What a caller pressed on the keypad: card digits or a PIN.
///
/// It cannot be printed, interpolated or dumped: every textual form is `*REDACTED*`, as Twilio's
/// PCI Mode shows gathered digits, so a careless log line leaks nothing. The plaintext is reached
/// only through `withPlaintext`, which makes each use visible in review.
public struct Digits: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// What every textual form of a `Digits` value shows.
    public static let redacted = "*REDACTED*"

    private let plaintext: String

    /// Wraps what Twilio posted as `Digits`.
    public init(_ plaintext: String) {
        self.plaintext = plaintext
    }

    /// Exactly `count` ASCII decimal digits, the only input a 4-digit `<Gather>` step accepts.
    public func isDecimal(count: Int) -> Bool {
        plaintext.utf8.count == count && plaintext.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Whether the caller entered nothing (Twilio posts an empty or no `Digits` on a timeout).
    public var isEmpty: Bool { plaintext.isEmpty }

    /// Gives the plaintext to `body` and nothing else.
    public func withPlaintext<Result>(_ body: (String) throws -> Result) rethrows -> Result {
        try body(plaintext)
    }

    public var description: String { Self.redacted }
    public var debugDescription: String { Self.redacted }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
