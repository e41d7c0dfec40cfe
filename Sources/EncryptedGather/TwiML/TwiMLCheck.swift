import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What start-up checks of a rendered prompt: well-formed XML, a `<Response>` root, and for the
/// gather prompts a `<Gather>` whose `action` is the flow's (an edit must not break the call).
enum TwiMLCheck {
    static func problem(in twiml: String, for prompt: Prompt) -> String? {
        let delegate = Collector()
        let parser = XMLParser(data: Data(twiml.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            let reason = parser.parserError.map { "\(($0 as NSError).code)" } ?? "unknown"
            return "not well-formed XML (parser error \(reason) at line \(parser.lineNumber))"
        }
        guard delegate.elements.first?.name == "Response" else { return "the root element must be <Response>" }
        switch prompt {
        case .gather(let gather):
            let action = gather.action
            guard delegate.elements.contains(where: { $0.name == "Gather" && $0.attributes["action"] == action }) else {
                return "needs <Gather action=\"{{action}}\">"
            }
            guard delegate.elements.contains(where: { $0.name == "Gather" && $0.attributes["input"]?.contains("dtmf") == true }) else {
                return "the <Gather> must take input=\"dtmf\""
            }
            // With GET, Twilio would put the caller's Digits in the action URL, where its logs,
            // proxies and tunnels keep them.
            for element in delegate.elements where ["Gather", "Redirect"].contains(element.name) {
                guard (element.attributes["method"] ?? "POST").uppercased() == "POST" else {
                    return "<\(element.name)> must use method=\"POST\" so digits never travel in a URL"
                }
            }
        case .verified, .notFound, .goodbye:
            break
        }
        return nil
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            elements.append((elementName, attributeDict))
        }
    }
}
