/// A call as data: the ordered fields to gather, each sealed the moment it arrives, and the
/// templates of its answers. `CallFlow` runs any flow.
///
/// Steps: the first request (any step but those below) asks for the first field. A request with
/// field *k*'s step carries field *k−1*'s digits; one with `processData` carries the last field's.
public struct Flow: Sendable {
    /// The step that receives the last field and asks the verifier.
    public static let finalStep = "processData"

    /// The flow's name, sent to the verifier so both sides know they speak of the same flow.
    public let name: String
    /// The fields, in the order they are asked.
    public let fields: [FlowField]
    /// The TwiML templates of the verifier's answers and of giving up.
    public let answers: FlowAnswers
    /// The demo caller `serve --dev` seeds, if the flow has one.
    public let demo: DemoCaller?
    /// Where the flow came from, for error messages: a file path, or `built-in tutorial flow`.
    public let source: String

    /// A flow of `fields`; throws `FlowError` naming the field at fault.
    public init(
        name: String, fields: [FlowField], answers: FlowAnswers = FlowAnswers(), demo: DemoCaller? = nil, source: String
    ) throws(FlowError) {
        self.name = name
        self.fields = fields
        self.answers = answers
        self.demo = demo
        self.source = source
        try validate()
    }

    /// The fields whose values identify the caller, in flow order: the credential hash covers these.
    public var identityFields: [FlowField] { fields.filter(\.isIdentity) }

    /// The field named `name`.
    public func field(_ name: FieldName) -> FlowField? {
        fields.first { $0.name == name }
    }

    /// Where a request with `step` stands.
    public func position(ofStep step: String?) -> FlowPosition {
        if step == Self.finalStep { return .receiving(fields.count - 1) }
        if let index = fields.indices.dropFirst().first(where: { fields[$0].step == step }) {
            return .receiving(index - 1)
        }
        return .start
    }

    /// The step a request with `step` is handled as: an unknown or absent step is the first
    /// field's, so logs never repeat whatever a query said.
    public func resolvedStep(_ step: String?) -> String {
        switch position(ofStep: step) {
        case .start: fields[0].step
        case .receiving(let index): actionStep(forAsking: index)
        }
    }

    /// The step of the action URL of the prompt asking for field `index`: the next field's step,
    /// or `processData` after the last.
    public func actionStep(forAsking index: Int) -> String {
        index + 1 < fields.count ? fields[index + 1].step : Self.finalStep
    }

    private func validate() throws(FlowError) {
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 < 128 && ($0 == UInt8(ascii: "-") || Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber) }) else {
            throw FlowError(source: source, field: nil, problem: "name must be letters, digits and -")
        }
        guard !fields.isEmpty, fields.count <= 8 else {
            throw FlowError(source: source, field: nil, problem: "a flow gathers 1 to 8 fields")
        }
        var seenNames = Set<FieldName>()
        var seenSteps: Set<String> = [Self.finalStep]
        for field in fields {
            let fail = { (problem: String) in FlowError(source: source, field: field.name, problem: problem) }
            guard seenNames.insert(field.name).inserted else { throw fail("the name is used twice") }
            guard Self.isIdentifier(field.step), seenSteps.insert(field.step).inserted else {
                throw fail("step \(field.step) must be letters and digits, unique, and not \(Self.finalStep)")
            }
            for dependency in field.rule.dependencies where !seenNames.subtracting([field.name]).contains(dependency) {
                throw fail("its rule reads field \(dependency), which must come earlier")
            }
            guard (1...10).contains(field.tries) else { throw fail("tries must be from 1 to 10") }
            guard (1...60).contains(field.timeout) else { throw fail("timeout must be from 1 to 60 seconds") }
            guard Self.isIdentifier(field.template) else { throw fail("template must be a file name without .mustache") }
            guard field.prompt != nil || field.template != FlowField.genericTemplate else {
                throw fail("prompt is required (the words the generic gather template says)")
            }
            for key in field.reprompts.keys where !Self.isRepromptKey(key) {
                throw fail("reprompts key \(key) must be timeout, invalid, invalid-<reason> or default")
            }
        }
        // A value that is not filed (a security code) must never be kept, not even encrypted: it
        // may not travel in an action URL, where Twilio's request logs would keep it. Only the
        // last field reaches the verifier without one.
        if let early = fields.dropLast().first(where: { !$0.isIdentity }) {
            throw FlowError(source: source, field: early.name, problem: "a field that is not identity must be the last: its ciphertext may not travel in URLs")
        }
        guard !identityFields.isEmpty else {
            throw FlowError(source: source, field: nil, problem: "at least one field must identify the caller (identity)")
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { $0 < 128 && (Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")) }
    }

    static func isRepromptKey(_ key: String) -> Bool {
        ["timeout", "invalid", "default"].contains(key) || (key.hasPrefix("invalid-") && isIdentifier(String(key.dropFirst(8))))
    }
}

/// Where a request stands in its flow.
public enum FlowPosition: Sendable, Equatable {
    /// The call starts: ask for the first field.
    case start
    /// The request carries the digits of the field at this index.
    case receiving(Int)
}

/// The TwiML templates a flow ends with.
public struct FlowAnswers: Sendable, Equatable {
    /// The verifier found the caller.
    public var verified: String
    /// The verifier did not find the caller, or could not say.
    public var notFound: String
    /// Too many tries: goodbye and hang up.
    public var goodbye: String

    /// Answers from the named templates; the tutorial's by default.
    public init(verified: String = "verified", notFound: String = "notFound", goodbye: String = "goodbye") {
        self.verified = verified
        self.notFound = notFound
        self.goodbye = goodbye
    }
}

/// A flow that cannot run. Its description is one line naming the file and the field.
public struct FlowError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The flow file, or `built-in tutorial flow`.
    public let source: String
    /// The field at fault, if the problem is in one.
    public let field: FieldName?
    /// What is wrong.
    public let problem: String

    public var description: String {
        // Keys and values quoted from a flow file could hold a line break: keep it one line.
        let line = "\(source): \(field.map { "field \($0): " } ?? "")\(problem)"
        return String(line.unicodeScalars.map { scalar in
            switch scalar.properties.generalCategory {
            // U+2028 and U+2029 end a line too, in every log viewer that knows Unicode.
            case .control, .lineSeparator, .paragraphSeparator, .format: "?"
            default: Character(scalar)
            }
        })
    }
}
