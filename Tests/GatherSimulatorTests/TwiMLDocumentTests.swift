import GatherSimulator
import Testing

@Suite struct TwiMLDocumentTests {
    @Test func gatherTakesTwiliosDefaultsAndNestsItsPrompts() throws {
        let document = try TwiMLDocument(parsing: #"<?xml version="1.0"?><Response><Gather><Say>Hi</Say><Pause/></Gather><Hangup/></Response>"#)
        var gather = GatherVerb()
        gather.prompts = [.say("Hi"), .pause(seconds: 1)]
        #expect(document.verbs == [.gather(gather), .hangup])
        #expect(gather.method == "POST" && gather.timeout == 5 && gather.finishOnKey == "#" && gather.action == nil)
    }

    @Test func attributesAndEntitiesAreRead() throws {
        let document = try TwiMLDocument(parsing: """
            <Response><Gather action="/x?a=1&amp;b=2" method="get" numDigits="4" timeout="10" finishOnKey="*"/>\
            <Redirect method="GET">/next</Redirect><Play>https://a/b.wav</Play><Pause length="3"/></Response>
            """)
        guard case .gather(let gather) = document.verbs.first else {
            Issue.record("no gather")
            return
        }
        #expect(gather.action == "/x?a=1&b=2")
        #expect(gather.method == "GET" && gather.numDigits == 4 && gather.timeout == 10 && gather.finishOnKey == "*")
        #expect(Array(document.verbs.dropFirst()) == [.redirect(url: "/next", method: "GET"), .play("https://a/b.wav"), .pause(seconds: 3)])
    }

    @Test(arguments: ["not xml", "<Response><Say>unclosed</Response>", "<Speak>hi</Speak>", ""])
    func invalidTwiMLIsADocumentParseFailure(text: String) {
        #expect(throws: TwilioError.documentParseFailure) { try TwiMLDocument(parsing: text) }
    }

    @Test func anUnknownVerbIsKeptToBeReported() throws {
        #expect(try TwiMLDocument(parsing: "<Response><Dial>+1</Dial></Response>").verbs == [.unsupported("Dial")])
    }

    @Test(arguments: [("1234", "1234"), ("12#34", "12"), ("123456", "1234"), ("#", ""), ("", "")])
    func digitsStopAtFinishOnKeyOrNumDigits(keys: String, digits: String) {
        var gather = GatherVerb()
        gather.numDigits = 4
        #expect(gather.digits(from: keys) == digits)
    }
}
