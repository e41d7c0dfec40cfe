/// A rule's entry in a flow file: `{"kind": "digitRange", "min": 6, "max": 10}`. Rules read their
/// own keys from it; a key the rule does not know is an error, so a typo never goes unnoticed.
public struct RuleSpec: Sendable {
    /// The `kind`.
    public let kind: String
    private let values: [String: RuleSpecValue]

    /// A spec of `kind` with `values` (every key but `kind`).
    public init(kind: String, values: [String: RuleSpecValue] = [:]) {
        self.kind = kind
        self.values = values
    }

    /// Every key given besides `kind`.
    public var keys: Set<String> { Set(values.keys) }

    /// An integer key, `nil` when absent.
    public func integer(_ key: String) throws(RuleSpecError) -> Int? {
        guard let value = values[key] else { return nil }
        guard case .integer(let number) = value else { throw RuleSpecError(key: key, problem: "must be a whole number") }
        return number
    }

    /// A string key, `nil` when absent.
    public func string(_ key: String) throws(RuleSpecError) -> String? {
        guard let value = values[key] else { return nil }
        guard case .string(let text) = value else { throw RuleSpecError(key: key, problem: "must be a string") }
        return text
    }

    /// A list of strings, `nil` when absent.
    public func strings(_ key: String) throws(RuleSpecError) -> [String]? {
        guard let value = values[key] else { return nil }
        guard case .strings(let list) = value else { throw RuleSpecError(key: key, problem: "must be a list of strings") }
        return list
    }

    /// Refuses keys outside `allowed`.
    public func allowOnly(_ allowed: Set<String>) throws(RuleSpecError) {
        if let unknown = keys.subtracting(allowed).sorted().first {
            throw RuleSpecError(key: unknown, problem: "is not a setting of \(kind) (known: \(allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")))")
        }
    }
}

/// A value in a rule spec.
public enum RuleSpecValue: Sendable, Equatable {
    /// A whole number.
    case integer(Int)
    /// A string.
    case string(String)
    /// A list of strings.
    case strings([String])
}

/// A rule spec that cannot be used, naming the key.
public struct RuleSpecError: Error, Sendable, Equatable {
    /// The key at fault.
    public let key: String
    /// What is wrong with it.
    public let problem: String

    /// An error about `key`.
    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }
}
