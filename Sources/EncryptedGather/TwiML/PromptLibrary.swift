import Foundation
import Mustache

/// A flow's voice prompts as TwiML, loaded from the operator's `TwiML/` folder and the flow's own
/// texts, and validated once at start-up, so a broken template stops the server with one line
/// instead of failing a live call.
///
/// A gather template sees `action` and `redirect` (the same URL), `attempt`, `retry` (from the
/// second try), `reason` (`timeout`, `invalid-luhn`…) with `reasonTimeout` or `reasonInvalid`,
/// `numDigits`, `finishOnKey`, `timeout`, and the field's words as `prompt` and `reprompt`.
public struct PromptLibrary: Sendable {
    private let twiml: MustacheLibrary
    private let texts: MustacheLibrary
    private let flow: Flow
    private let rendered = RenderedPrompts()

    /// Loads and validates every template `flow` needs from `directory`.
    public init(directory: String, flow: Flow = .tutorial) throws(ConfigurationError) {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        var twiml = MustacheLibrary()
        let names = Set(flow.fields.map(\.template) + [flow.answers.verified, flow.answers.notFound, flow.answers.goodbye])
        for name in names.sorted() {
            let file = folder.appendingPathComponent("\(name).mustache")
            let text: String
            if FileManager.default.fileExists(atPath: file.path) {
                do {
                    text = try String(contentsOf: file, encoding: .utf8)
                } catch {
                    throw .file(file.path, "cannot read TwiML template")
                }
            } else if let embedded = EmbeddedAssets.files["TwiML/\(name).mustache"] {
                // The binary's own copy: the server runs from any folder.
                text = embedded
            } else {
                throw .file(file.path, "no such TwiML template (set TWIML_DIR to the folder holding \(name).mustache)")
            }
            do {
                try twiml.register(text, named: name)
            } catch {
                throw .file(file.path, "invalid Mustache template: \(error)")
            }
        }
        var texts = MustacheLibrary()
        for field in flow.fields {
            let words = [("prompt", field.prompt)] + field.reprompts.sorted { $0.key < $1.key }.map { ("reprompts.\($0.key)", Optional($0.value)) }
            for case let (key, text?) in words {
                do {
                    try texts.register(text, named: "\(field.name).\(key)")
                } catch {
                    throw .other(FlowError(source: flow.source, field: field.name, problem: "\(key) is not a valid Mustache template").description)
                }
            }
        }
        self.twiml = twiml
        self.texts = texts
        self.flow = flow
        for sample in Self.samples(for: flow) {
            let name = templateName(of: sample)
            // Through Mustache itself: the cache escapes every action, and would hide a template
            // that forgets to (`{{{action}}}`).
            if let problem = TwiMLCheck.problem(in: renderThroughMustache(sample), for: sample) {
                throw .file(folder.appendingPathComponent("\(name).mustache").path, "invalid TwiML: \(problem)")
            }
        }
    }

    /// Renders `prompt` as a TwiML document. Templates were validated at start-up.
    public func render(_ prompt: Prompt) -> String {
        guard case .gather(let gather) = prompt else { return renderThroughMustache(prompt) }
        return rendered.twiml(for: gather) { renderThroughMustache(.gather($0)) }
    }

    private func renderThroughMustache(_ prompt: Prompt) -> String {
        twiml.render(context(of: prompt), withTemplate: templateName(of: prompt)) ?? ""
    }

    private func templateName(of prompt: Prompt) -> String {
        switch prompt {
        case .gather(let gather): flow.field(gather.field)?.template ?? FlowField.genericTemplate
        case .verified: flow.answers.verified
        case .notFound: flow.answers.notFound
        case .goodbye: flow.answers.goodbye
        }
    }

    private func context(of prompt: Prompt) -> [String: String] {
        switch prompt {
        case .gather(let gather):
            guard let field = flow.field(gather.field) else { return [:] }
            var context = [
                "action": gather.action, "redirect": gather.action, "attempt": String(gather.attempt),
                "field": field.name.rawValue, "timeout": String(field.timeout),
            ]
            if let numDigits = gather.shape.numDigits { context["numDigits"] = String(numDigits) }
            if let finishOnKey = gather.shape.finishOnKey { context["finishOnKey"] = finishOnKey }
            if gather.attempt > 1 { context["retry"] = "true" }
            let words = ["attempt": String(gather.attempt), "triesLeft": String(max(0, field.tries - gather.attempt + 1)), "field": field.name.rawValue]
            if let reason = gather.reason {
                context["reason"] = reason.key
                context[reason == .timeout ? "reasonTimeout" : "reasonInvalid"] = "true"
                if let key = reason.lookupKeys.first(where: { field.reprompts[$0] != nil }) {
                    context["reprompt"] = texts.render(words.merging(["reason": reason.key]) { $1 }, withTemplate: "\(field.name).reprompts.\(key)")
                }
            }
            if field.prompt != nil {
                context["prompt"] = texts.render(words, withTemplate: "\(field.name).prompt")
            }
            return context
        case .verified(let account, let balance):
            return ["account": account, "balance": balance]
        case .notFound, .goodbye:
            return [:]
        }
    }

    /// Sample prompts for start-up validation: every field on a first try, after a timeout and
    /// after invalid input; the actions hold `&`, `<` and quotes, so a template that forgets to
    /// escape (`{{{action}}}`) renders broken XML and is refused.
    static func samples(for flow: Flow) -> [Prompt] {
        let context = RuleContext(today: CalendarDate(year: 2026, month: 1, day: 1)!)
        var samples: [Prompt] = []
        for field in flow.fields {
            let action = "https://example.invalid/encrypted-gather?step=\(field.step)&attempt=2&x=<'\">"
            let shape = field.rule.shape(in: context)
            samples.append(.gather(GatherPrompt(field: field.name, action: action, shape: shape)))
            samples.append(.gather(GatherPrompt(field: field.name, action: action, attempt: 2, reason: .timeout, shape: shape)))
            samples.append(.gather(GatherPrompt(field: field.name, action: action, attempt: 3, reason: .invalid("length"), shape: shape)))
        }
        return samples + [.verified(account: "AC<&>'\"", balance: "12.55"), .notFound, .goodbye]
    }
}
