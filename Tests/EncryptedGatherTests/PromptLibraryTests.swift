import EncryptedGather
import Foundation
import Testing

/// The templates the tutorial's flow renders.
let tutorialTemplates = ["getLast4CC", "getPin", "verified", "notFound", "goodbye"]

@Suite struct PromptLibraryTests {
    let prompts = try! PromptLibrary(directory: Fixture.twimlDirectory)

    @Test func theCardPromptIsTheTutorialsGatherWithARedirectForNoInput() {
        let action = "https://gather.example.com/encrypted-gather?step=getPin"
        #expect(prompts.render(.gather(GatherPrompt(field: "card", action: action, shape: GatherShape(numDigits: 4)))) == """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Gather input="dtmf" numDigits="4" timeout="10" method="POST" action="https://gather.example.com/encrypted-gather?step=getPin">
                <Say>Please enter last 4 digits of your payment card number.</Say>
              </Gather>
              <Redirect method="POST">https://gather.example.com/encrypted-gather?step=getPin</Redirect>
            </Response>

            """)
    }

    @Test func thePinPromptEscapesTheAmpersandOfItsAction() {
        let action = "https://g.example/encrypted-gather?step=processData&encryptedCardDigits=00ff&attempt=2"
        #expect(prompts.render(.gather(GatherPrompt(field: "pin", action: action, attempt: 2, reason: .timeout, shape: GatherShape(numDigits: 4)))) == """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Gather input="dtmf" numDigits="4" timeout="10" method="POST" action="https://g.example/encrypted-gather?step=processData&amp;encryptedCardDigits=00ff&amp;attempt=2">
                <Say>Sorry, I did not get 4 digits.</Say>
                <Say>Please enter your unique 4 digit identification number.</Say>
              </Gather>
              <Redirect method="POST">https://g.example/encrypted-gather?step=processData&amp;encryptedCardDigits=00ff&amp;attempt=2</Redirect>
            </Response>

            """)
    }

    @Test func theAnswersSayTheTutorialsWords() {
        #expect(prompts.render(.verified(account: "AC12345678", balance: "12.55")).contains(
            "<Say>Thank you. Your account number is AC12345678 and your balance is 12.55</Say>"))
        #expect(prompts.render(.notFound).contains("<Say>We were not able to locate you in our system. Goodbye.</Say>"))
        #expect(prompts.render(.goodbye).contains("<Hangup/>"))
        #expect(prompts.render(.verified(account: "A<&>", balance: "1.00")).contains("A&lt;&amp;&gt;"))
    }

    @Test func aTemplateMissingFromTheFolderIsTheBinarysOwnCopy() throws {
        let folder = try copyOfTemplates()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("getPin.mustache"))
        let library = try PromptLibrary(directory: folder.path)
        let action = "https://g.example/encrypted-gather?step=processData"
        #expect(library.render(.gather(GatherPrompt(field: "pin", action: action, shape: GatherShape(numDigits: 4)))).contains(
            "Please enter your unique 4 digit identification number."))
    }

    @Test func aTemplateThatExistsNowhereStopsStartUpNamingTheFile() throws {
        let flow = try FlowFile.parse(
            Data(#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "template": "mine"}]}"#.utf8), source: "flow.json")
        let folder = try copyOfTemplates()
        let error = #expect(throws: ConfigurationError.self) { try PromptLibrary(directory: folder.path, flow: flow) }
        #expect(error?.description.contains("mine.mustache") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test(arguments: [
        ("getLast4CC.mustache", "<Response><Say>unclosed</Response>"),
        ("getPin.mustache", "<Response><Gather input=\"dtmf\" action=\"{{{action}}}\"></Gather></Response>"),
        ("getPin.mustache", "<Response><Gather input=\"dtmf\"><Say>no action</Say></Gather></Response>"),
        ("verified.mustache", "<Say>{{account}}</Say>"),
        ("notFound.mustache", "<Response>{{#unclosed}}</Response>"),
    ])
    func aBrokenTemplateStopsStartUpWithOneLineNamingTheFile(file: String, template: String) throws {
        let folder = try copyOfTemplates()
        try template.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigurationError.self) { try PromptLibrary(directory: folder.path) }
        #expect(error?.description.contains(file) == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func anOperatorMayChangeWordingVoiceAndTimeout() throws {
        let folder = try copyOfTemplates()
        let template = """
            <Response><Gather input="dtmf" numDigits="4" timeout="20" method="POST" action="{{action}}"><Say voice="Polly.Amy" language="en-GB">Card, please.</Say></Gather><Redirect method="POST">{{redirect}}</Redirect></Response>
            """
        try template.write(to: folder.appendingPathComponent("getLast4CC.mustache"), atomically: true, encoding: .utf8)
        let library = try PromptLibrary(directory: folder.path)
        #expect(library.render(.gather(GatherPrompt(field: "card", action: "https://a/x", shape: GatherShape(numDigits: 4)))).contains(#"<Say voice="Polly.Amy" language="en-GB">Card, please.</Say>"#))
    }

    func copyOfTemplates() throws -> URL {
        let folder = try Fixture.temporaryDirectory()
        for name in tutorialTemplates {
            try FileManager.default.copyItem(
                atPath: "\(Fixture.twimlDirectory)/\(name).mustache", toPath: folder.appendingPathComponent("\(name).mustache").path)
        }
        return folder
    }
}

@Suite struct PromptMethodTests {
    @Test(arguments: [
        #"<Response><Gather input="dtmf" method="GET" action="{{action}}"/><Redirect method="POST">{{redirect}}</Redirect></Response>"#,
        #"<Response><Gather input="dtmf" action="{{action}}"/><Redirect method="GET">{{redirect}}</Redirect></Response>"#,
    ])
    func aPromptThatWouldSendDigitsInAURLIsRefused(template: String) throws {
        let folder = try Fixture.temporaryDirectory()
        for name in tutorialTemplates {
            try FileManager.default.copyItem(atPath: "\(Fixture.twimlDirectory)/\(name).mustache", toPath: folder.appendingPathComponent("\(name).mustache").path)
        }
        try template.write(to: folder.appendingPathComponent("getPin.mustache"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigurationError.self) { try PromptLibrary(directory: folder.path) }
        #expect(error?.description.contains("POST") == true)
    }
}
