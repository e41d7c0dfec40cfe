@testable import EncryptedGather
import Foundation
import Testing

/// The hot path's hand-written codecs answer exactly what the general ones they replace did.
@Suite struct HotPathEquivalenceTests {
    let prompts = try! PromptLibrary(directory: Fixture.twimlDirectory)

    @Test(arguments: ["AC12345678", "12.55", "a/b", "quote\" back\\slash", "tab\tnew\nline\r", "bell\u{7}\u{8}\u{C}", "é ünï 😀", ""])
    func theVerifiersAnswerIsWhatJSONEncoderWrote(value: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let expected = String(decoding: try encoder.encode(["account": value, "balance": "1.00"]), as: UTF8.self)
        #expect(JSONText.object([("account", value), ("balance", "1.00")]) == expected)
    }

    @Test(arguments: [
        #"{"encryptedCardDigits":"00ff","encryptedPinDigits":"aa11"}"#,
        #" { "encryptedCardDigits" : "00ff" , "version" : 1 , "from" : "+1415\/555" } "#,
        #"{"a":"x\"y\\z\n"}"#,
        #"{"version":-12}"#,
        "{}",
    ])
    func aFlatObjectReadsAsJSONSerializationReadsIt(body: String) throws {
        let general = try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            .compactMapValues { ($0 as? String) ?? ($0 as? Int).map(String.init) }
        #expect(JSONText.flatObject(Array(body.utf8)) == general)
    }

    @Test(arguments: [
        #"{"a":{"b":"c"}}"#, #"{"a":["b"]}"#, #"{"a":true}"#, #"{"a":null}"#, #"{"a":1.5}"#, #"{"a":"x","a":"y"}"#,
        #"{"a":"\u0041"}"#, #"{"a":"é"}"#, #"{"a":"x"} trailing"#, #"{"a":"x""#, #"{"a":01}"#, "",
    ])
    func anythingElseIsLeftToTheGeneralParser(body: String) {
        #expect(JSONText.flatObject(Array(body.utf8)) == nil)
    }

    @Test(arguments: [
        ("a+b%20c", "a b c"), ("%7e%7E", "~~"), ("%C3%A9+%E2%82%AC", "é €"), ("a=%3D", "a=="), ("plain", "plain"),
        // A malformed escape is kept as it came, not a failed request.
        ("100%", "100%"), ("%zz%4", "%zz%4"), ("%", "%"), ("%4", "%4"),
    ])
    func formDecodingTurnsPlusIntoSpaceAndEscapesIntoBytes(text: String, decoded: String) {
        #expect(FormParameters.formDecode(text) == decoded)
    }

    @Test func aPromptServedFromTheCacheIsWhatMustacheRenders() {
        let shape = GatherShape(numDigits: 4)
        let actions = [
            "https://g.example/encrypted-gather?step=processData&encryptedCardDigits=00ff",
            "https://g.example/encrypted-gather?step=processData&encryptedCardDigits=11ee&x=<'\">",
        ]
        for action in actions {
            for (attempt, reason) in [(1, nil), (2, RepromptReason.timeout), (3, .invalid("length"))] as [(Int, RepromptReason?)] {
                let prompt = Prompt.gather(GatherPrompt(field: "pin", action: action, attempt: attempt, reason: reason, shape: shape))
                let first = prompts.render(prompt)
                #expect(prompts.render(prompt) == first)
                let escaped = action.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                    .replacingOccurrences(of: "'", with: "&#39;")
                #expect(first.contains("action=\"\(escaped)\""))
                #expect(!first.contains(RenderedPrompts.placeholder))
            }
        }
    }
}
