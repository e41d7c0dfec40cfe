import Foundation
import Mustache

/// The voice prompts as TwiML, loaded from the operator's `TwiML/` folder and validated once at
/// start-up, so a broken template stops the server with one line instead of failing a live call.
public struct PromptLibrary: Sendable {
    private let library: MustacheLibrary

    /// Loads and validates every template in `directory`.
    public init(directory: String) throws(ConfigurationError) {
        var library = MustacheLibrary()
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        for name in Prompt.templateNames {
            let file = folder.appendingPathComponent("\(name).mustache")
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw .file(file.path, "cannot read TwiML template (set TWIML_DIR to the folder holding \(name).mustache)")
            }
            do {
                try library.register(text, named: name)
            } catch {
                throw .file(file.path, "invalid Mustache template: \(error)")
            }
        }
        self.library = library
        for sample in Prompt.samples {
            let file = folder.appendingPathComponent("\(sample.templateName).mustache").path
            if let problem = TwiMLCheck.problem(in: render(sample), for: sample) {
                throw .file(file, "invalid TwiML: \(problem)")
            }
        }
    }

    /// Renders `prompt` as a TwiML document. Templates were validated at start-up.
    public func render(_ prompt: Prompt) -> String {
        library.render(prompt.context, withTemplate: prompt.templateName) ?? ""
    }
}
