import EncryptedGather
import Foundation
import Testing

/// Flow files: the shipped ones load, and a broken one stops start-up with one line naming the
/// file and the field.
@Suite struct FlowFileTests {
    @Test func theShippedFlowsLoad() throws {
        let payment = try Fixture.shippedFlow("card-payment")
        #expect(payment.fields.map(\.name.rawValue) == ["card", "expiry", "securityCode"])
        #expect(payment.identityFields.map(\.name.rawValue) == ["card", "expiry"])
        #expect(payment.fields.map(\.rule.kind) == ["cardNumber", "expiry", "securityCode"])
        let accountDOB = try Fixture.shippedFlow("account-dob")
        #expect(accountDOB.fields.map(\.name.ciphertextParameter) == ["encryptedAccountNumberDigits", "encryptedDobDigits"])
        #expect(accountDOB.fields.map(\.tries) == [3, 3])
    }

    func flowError(_ json: String) -> String? {
        do {
            _ = try FlowFile.parse(Data(json.utf8), source: "flows/broken.json")
            return nil
        } catch {
            return error.description
        }
    }

    static let field = #"{"name": "pin", "rule": {"kind": "digits", "count": 4}, "prompt": "PIN, please."}"#

    @Test(arguments: [
        (#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "promt": "PIN?"}]}"#, "field pin: promt is not a known key"),
        (#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits"}, "prompt": "PIN?"}]}"#, "field pin: rule.count is required"),
        (#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "regex"}, "prompt": "PIN?"}]}"#, "field pin: rule.kind regex is not a rule"),
        (#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": "4"}, "prompt": "PIN?"}]}"#, "field pin: rule.count must be a whole number"),
        (#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}}]}"#, "field pin: prompt is required"),
        (#"{"name": "x", "fields": [\#(field), \#(field)]}"#, "field pin: the name is used twice"),
        (#"{"name": "x", "fields": [{"name": "cvv", "rule": {"kind": "securityCode"}, "prompt": "?"}]}"#, "field cvv: its rule reads field card"),
        (#"{"name": "x", "fields": [{"name": "Pin", "rule": {"kind": "digits", "count": 4}, "prompt": "?"}]}"#, "field Pin: the name must be"),
        (#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "prompt": "?", "identity": false}]}"#, "at least one field must identify the caller"),
        (#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "prompt": "?", "tries": 0}]}"#, "field pin: tries must be from 1 to 10"),
        (#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "prompt": "?", "step": "processData"}]}"#, "field pin: step processData must be"),
        (#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "prompt": "?", "reprompts": {"oops": "?"}}]}"#, "field pin: reprompts key oops"),
        (#"{"name": "x", "fields": []}"#, "a flow gathers 1 to 8 fields"),
        (#"{"fields": []}"#, "name is required"),
        (#"{"name": "x", "fields": [\#(field)], "demo": {"values": {}, "account": "AC1", "balance": "1.00"}}"#, "field pin: demo.values needs a value"),
        ("not json", "not valid JSON"),
        (#"{"name": "x", "a\u2028b": 1}"#, "a?b is not a known key"),
        (#"{"name": "x", "fields": [{"name": "cvv", "rule": {"kind": "digits", "count": 3}, "prompt": "?", "identity": false}, \#(field)]}"#,
         "field cvv: a field that is not identity must be the last"),
        (#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "prompt": "?", "a\nb": 1}]}"#, "field pin: a?b is not a known key"),
        (#"{"name": "x", "tries": 0, "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "prompt": "?", "tries": 2}]}"#, "tries must be from 1 to 10"),
    ])
    func aBrokenFlowFileIsOneLineNamingTheFileAndTheField(json: String, expected: String) {
        let message = flowError(json)
        #expect(message?.hasPrefix("flows/broken.json: ") == true, "\(message ?? "no error")")
        #expect(message?.contains(expected) == true, "\(message ?? "no error")")
        #expect(message?.contains("\n") == false)
    }

    @Test func aPromptThatIsNotMustacheStopsStartUpNamingTheField() throws {
        let flow = try FlowFile.parse(Data(#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "prompt": "{{#open}}"}]}"#.utf8), source: "flows/broken.json")
        let error = #expect(throws: ConfigurationError.self) { try PromptLibrary(directory: Fixture.twimlDirectory, flow: flow) }
        #expect(error?.description == "flows/broken.json: field pin: prompt is not a valid Mustache template")
    }

    @Test func aMissingFlowFileIsOneLine() {
        let error = #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.flow(settings: Settings(environment: ["FLOW": "/nonexistent/flow.json"]))
        }
        #expect(error?.description == "/nonexistent/flow.json: cannot read the flow file (FLOW)")
    }

    @Test func noFlowFileMeansTheTutorialsFlow() throws {
        #expect(try ServerConfiguration.flow(settings: Settings()).name == "tutorial")
    }
}
