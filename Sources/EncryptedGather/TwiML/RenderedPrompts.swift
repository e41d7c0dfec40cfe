import Synchronization

/// Gather prompts rendered once and reused: a call's prompts differ only in their action URL.
///
/// Each distinct prompt (field, try, reason, `<Gather>` shape) is rendered through Mustache the
/// first time with a placeholder for the action, and kept as the text around it; later requests
/// put their action, escaped as Mustache escapes it, between the pieces.
final class RenderedPrompts: Sendable {
    /// The most prompts kept. A flow has a few fields × tries × reasons; the bound only matters
    /// if a rule ever produced shapes without end.
    static var limit: Int { 512 }

    /// Stands for the action while rendering: text no template or escape produces.
    static let placeholder = "\u{E000}action\u{E000}"

    struct Key: Hashable {
        let field: FieldName
        let attempt: Int
        let reason: String?
        let numDigits: Int?
        let finishOnKey: String?

        init(_ prompt: GatherPrompt) {
            field = prompt.field
            attempt = prompt.attempt
            reason = prompt.reason?.key
            numDigits = prompt.shape.numDigits
            finishOnKey = prompt.shape.finishOnKey
        }
    }

    private let pieces = Mutex<[Key: [String]]>([:])

    /// `prompt` as TwiML, rendering with `render` only when no such prompt was rendered before.
    func twiml(for prompt: GatherPrompt, render: (GatherPrompt) -> String) -> String {
        let key = Key(prompt)
        let known = pieces.withLock { $0[key] }
        let parts: [String]
        if let known {
            parts = known
        } else {
            var template = prompt
            template.action = Self.placeholder
            parts = render(template).split(separator: Self.placeholder, omittingEmptySubsequences: false).map(String.init)
            pieces.withLock { cache in
                if cache.count < Self.limit { cache[key] = parts }
            }
        }
        guard parts.count > 1 else { return parts.first ?? "" }
        let action = Self.escape(prompt.action)
        var text = parts[0]
        text.reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count } + action.utf8.count * (parts.count - 1))
        for part in parts.dropFirst() {
            text += action
            text += part
        }
        return text
    }

    /// Mustache's HTML escape (`{{action}}`): `<`, `>`, `&`, `"` and `'`.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else {
            return text
        }
        // Byte by byte: the five are ASCII, and no byte of a longer UTF-8 sequence is ASCII.
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"): escaped += "&lt;".utf8
            case UInt8(ascii: ">"): escaped += "&gt;".utf8
            case UInt8(ascii: "&"): escaped += "&amp;".utf8
            case UInt8(ascii: "\""): escaped += "&quot;".utf8
            case UInt8(ascii: "'"): escaped += "&#39;".utf8
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}
