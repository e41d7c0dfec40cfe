import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A TwiML `<Response>` parsed with a real XML parser.
public struct TwiMLDocument: Sendable, Equatable {
    /// The verbs in document order.
    public let verbs: [TwiMLVerb]

    /// Parses `text`; throws the error Twilio would report for a document it cannot run.
    public init(parsing text: String) throws(TwilioError) {
        let builder = Builder()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = builder
        guard parser.parse(), let verbs = builder.verbs else {
            throw .documentParseFailure
        }
        self.verbs = verbs
    }

    /// Collects verbs while the parser walks the document.
    private final class Builder: NSObject, XMLParserDelegate {
        private var stack: [(name: String, attributes: [String: String], text: String, children: [TwiMLVerb])] = []
        private var sawResponse = false
        private(set) var verbs: [TwiMLVerb]?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            if stack.isEmpty && elementName != "Response" {
                parser.abortParsing()
                return
            }
            stack.append((elementName, attributeDict, "", []))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            let element = stack.removeLast()
            if stack.isEmpty {
                verbs = element.children
                return
            }
            stack[stack.count - 1].children.append(Self.verb(element.name, element.attributes, element.text, element.children))
        }

        static func verb(_ name: String, _ attributes: [String: String], _ text: String, _ children: [TwiMLVerb]) -> TwiMLVerb {
            let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch name {
            case "Say": return .say(body)
            case "Play": return .play(body)
            case "Pause": return .pause(seconds: attributes["length"].flatMap(Int.init) ?? 1)
            case "Hangup": return .hangup
            case "Redirect": return .redirect(url: body, method: attributes["method"]?.uppercased() ?? "POST")
            case "Gather":
                var gather = GatherVerb()
                gather.action = attributes["action"]
                gather.method = attributes["method"]?.uppercased() ?? "POST"
                gather.numDigits = attributes["numDigits"].flatMap(Int.init)
                gather.finishOnKey = attributes["finishOnKey"] ?? "#"
                gather.timeout = attributes["timeout"].flatMap(Int.init) ?? 5
                gather.prompts = children
                return .gather(gather)
            default:
                return .unsupported(name)
            }
        }
    }
}
