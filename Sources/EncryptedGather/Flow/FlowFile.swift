import Foundation

/// Reads a flow file (`FLOW=path`): JSON, strictly. An unknown key, a value of the wrong kind or
/// a rule that cannot be built stops start-up with one line naming the file and the field.
///
/// ```json
/// {"name": "account-dob", "fields": [
///   {"name": "accountNumber", "rule": {"kind": "digitRange", "min": 6, "max": 10},
///    "prompt": "Please enter your account number, then press pound."},
///   {"name": "dob", "rule": {"kind": "date"}, "prompt": "Please enter your date of birth."}]}
/// ```
public enum FlowFile {
    /// The flow in the file at `path`.
    public static func load(path: String) throws(FlowError) -> Flow {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError(source: path, field: nil, problem: "cannot read the flow file (FLOW)")
        }
        return try parse(data, source: path)
    }

    /// The flow in `data`; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws(FlowError) -> Flow {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw FlowError(source: source, field: nil, problem: "not valid JSON")
        }
        let reader = Reader(source: source)
        guard case .object(let top) = value else { throw reader.error(nil, "the file must hold a JSON object") }
        try reader.allowOnly(top, ["name", "tries", "timeout", "fields", "answers", "demo"], field: nil)
        guard let name = try reader.string(top, "name", field: nil) else { throw reader.error(nil, "name is required") }
        let tries = try reader.integer(top, "tries", field: nil) ?? 3
        let timeout = try reader.integer(top, "timeout", field: nil) ?? 10
        guard (1...10).contains(tries) else { throw reader.error(nil, "tries must be from 1 to 10") }
        guard (1...60).contains(timeout) else { throw reader.error(nil, "timeout must be from 1 to 60 seconds") }
        guard case .array(let entries)? = top["fields"] else { throw reader.error(nil, "fields must be a list of fields") }
        var fields: [FlowField] = []
        for (index, entry) in entries.enumerated() {
            fields.append(try reader.field(entry, index: index, tries: tries, timeout: timeout))
        }
        let answers = try reader.answers(top["answers"])
        let flow = try Flow(name: name, fields: fields, answers: answers, source: source)
        guard let demoEntry = top["demo"] else { return flow }
        return try Flow(name: name, fields: fields, answers: answers, demo: reader.demo(demoEntry, flow: flow), source: source)
    }

    private struct Reader {
        let source: String

        func error(_ field: String?, _ problem: String) -> FlowError {
            FlowError(source: source, field: field.flatMap(FieldName.init), problem: problem)
        }

        func allowOnly(_ object: [String: JSONValue], _ keys: Set<String>, field: String?, within: String = "") throws(FlowError) {
            if let unknown = Set(object.keys).subtracting(keys).sorted().first {
                throw error(field, "\(within)\(unknown) is not a known key (known: \(keys.sorted().joined(separator: ", ")))")
            }
        }

        func string(_ object: [String: JSONValue], _ key: String, field: String?) throws(FlowError) -> String? {
            switch object[key] {
            case nil: return nil
            case .string(let text)?: return text
            default: throw error(field, "\(key) must be a string")
            }
        }

        func integer(_ object: [String: JSONValue], _ key: String, field: String?) throws(FlowError) -> Int? {
            switch object[key] {
            case nil: return nil
            case .integer(let number)?: return number
            default: throw error(field, "\(key) must be a whole number")
            }
        }

        func field(_ entry: JSONValue, index: Int, tries: Int, timeout: Int) throws(FlowError) -> FlowField {
            guard case .object(let object) = entry else { throw error(nil, "fields[\(index)] must be an object") }
            guard case .string(let rawName)? = object["name"] else { throw error(nil, "fields[\(index)] needs a name") }
            guard let name = FieldName(rawName) else {
                throw error(nil, "field \(rawName): the name must be a lower-case letter then letters or digits (at most 32)")
            }
            let label = name.rawValue
            try allowOnly(object, ["name", "rule", "step", "template", "prompt", "reprompts", "tries", "timeout", "identity"], field: label)
            guard case .object(let ruleObject)? = object["rule"] else { throw error(label, "rule must be an object with a kind") }
            let rule = try self.rule(ruleObject, field: label)
            var reprompts: [String: String] = [:]
            switch object["reprompts"] {
            case nil: break
            case .object(let texts)?:
                for (key, value) in texts {
                    guard case .string(let text) = value else { throw error(label, "reprompts.\(key) must be a string") }
                    reprompts[key] = text
                }
            default: throw error(label, "reprompts must be an object of texts")
            }
            let isIdentity: Bool
            switch object["identity"] {
            case nil: isIdentity = true
            case .bool(let flag)?: isIdentity = flag
            default: throw error(label, "identity must be true or false")
            }
            return FlowField(
                name: name, step: try string(object, "step", field: label), rule: rule,
                template: try string(object, "template", field: label) ?? FlowField.genericTemplate,
                prompt: try string(object, "prompt", field: label), reprompts: reprompts,
                tries: try integer(object, "tries", field: label) ?? tries,
                timeout: try integer(object, "timeout", field: label) ?? timeout,
                isIdentity: isIdentity)
        }

        func rule(_ object: [String: JSONValue], field: String) throws(FlowError) -> any InputRule {
            guard case .string(let kind)? = object["kind"] else { throw error(field, "rule.kind is required") }
            var values: [String: RuleSpecValue] = [:]
            for (key, value) in object where key != "kind" {
                switch value {
                case .integer(let number): values[key] = .integer(number)
                case .string(let text): values[key] = .string(text)
                case .array(let items):
                    var texts: [String] = []
                    for item in items {
                        guard case .string(let text) = item else { throw error(field, "rule.\(key) must hold strings") }
                        texts.append(text)
                    }
                    values[key] = .strings(texts)
                default: throw error(field, "rule.\(key) must be a number, a string or a list of strings")
                }
            }
            do {
                return try RuleCatalog.rule(for: RuleSpec(kind: kind, values: values))
            } catch {
                throw self.error(field, "rule.\(error.key) \(error.problem)")
            }
        }

        func answers(_ entry: JSONValue?) throws(FlowError) -> FlowAnswers {
            guard let entry else { return FlowAnswers() }
            guard case .object(let object) = entry else { throw error(nil, "answers must be an object of template names") }
            try allowOnly(object, ["verified", "notFound", "goodbye"], field: nil, within: "answers.")
            var answers = FlowAnswers()
            answers.verified = try string(object, "verified", field: nil) ?? answers.verified
            answers.notFound = try string(object, "notFound", field: nil) ?? answers.notFound
            answers.goodbye = try string(object, "goodbye", field: nil) ?? answers.goodbye
            for name in [answers.verified, answers.notFound, answers.goodbye] where !Flow.isIdentifier(name) {
                throw error(nil, "answers must name templates without .mustache")
            }
            return answers
        }

        func demo(_ entry: JSONValue, flow: Flow) throws(FlowError) -> DemoCaller {
            guard case .object(let object) = entry else { throw error(nil, "demo must be an object") }
            try allowOnly(object, ["values", "account", "balance"], field: nil, within: "demo.")
            guard case .object(let texts)? = object["values"] else { throw error(nil, "demo.values must be an object") }
            var values: [FieldName: Digits] = [:]
            for (key, value) in texts {
                guard let name = FieldName(key), flow.field(name)?.isIdentity == true, case .string(let text) = value else {
                    throw error(nil, "demo.values.\(key) must be a string for an identity field")
                }
                values[name] = Digits(text)
            }
            for field in flow.identityFields where values[field.name] == nil {
                throw error(field.name.rawValue, "demo.values needs a value for it")
            }
            guard let account = try string(object, "account", field: nil), let balanceText = try string(object, "balance", field: nil),
                  let balance = Balance(balanceText)
            else { throw error(nil, "demo needs account and balance (a string such as \"12.55\")") }
            return DemoCaller(values: values, account: Account(number: account, balance: balance))
        }
    }
}
