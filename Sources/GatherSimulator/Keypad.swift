import Foundation
import Synchronization

/// The caller's fingers: what is pressed at each `<Gather>`.
public protocol Keypad: Sendable {
    /// The keys pressed for `gather`, in order; empty means the caller stayed silent.
    func keys(for gather: GatherVerb) async -> String
}

/// Keys from `--digits 1234,4321`: one entry per `<Gather>`, in order; an empty entry (or running
/// out) is silence.
public final class ScriptedKeypad: Keypad {
    private let entries: Mutex<[String]>

    /// A keypad that will press `entries` at successive Gathers.
    public init(_ entries: [String]) {
        self.entries = Mutex(entries)
    }

    /// Parses `1234,4321` (and `,4321` for silence first).
    public convenience init(digits: String) {
        self.init(digits.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
    }

    public func keys(for gather: GatherVerb) async -> String {
        entries.withLock { $0.isEmpty ? "" : $0.removeFirst() }
    }
}

/// Keys typed at the terminal, one line per `<Gather>`; an empty line is silence.
public struct TerminalKeypad: Keypad {
    /// A keypad reading standard input.
    public init() {}

    public func keys(for gather: GatherVerb) async -> String {
        FileHandle.standardError.write(Data("  keypad (\(gather.numDigits.map { "\($0) digits" } ?? "digits"), Enter alone for silence)> ".utf8))
        return readLine(strippingNewline: true) ?? ""
    }
}

extension GatherVerb {
    /// What Twilio would post as `Digits` for `keys`: input stops at `finishOnKey` (not sent) or
    /// after `numDigits` keys.
    public func digits(from keys: String) -> String {
        var digits = ""
        for key in keys {
            if !finishOnKey.isEmpty, String(key) == finishOnKey { break }
            digits.append(key)
            if let numDigits, digits.count >= numDigits { break }
        }
        return digits
    }
}
