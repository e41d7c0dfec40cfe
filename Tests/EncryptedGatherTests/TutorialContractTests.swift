import EncryptedGather
import Foundation
import Testing

/// The tutorial's call is the default flow, and every TwiML answer it gives is byte for byte what
/// the first release gave: the golden files in `Vectors/tutorial-twiml/` were rendered by that
/// release's code (see the vectors' README).
@Suite struct TutorialContractTests {
    let cipher = GatherCipher(secret: Fixture.secret)
    let urls = GatherURLs(publicBaseURL: "https://gather.example.com")
    let card: Ciphertext

    init() {
        card = cipher.seal(Digits("1234"))
    }

    func flow(_ result: VerificationResult = .found(DemoAccount.account)) throws -> CallFlow<ScriptedVerifier> {
        CallFlow(flow: .tutorial, sealer: cipher, prompts: try PromptLibrary(directory: Fixture.twimlDirectory), verifier: ScriptedVerifier(result))
    }

    func golden(_ name: String, card hex: String) throws -> String {
        let text = try String(contentsOfFile: Fixture.vectorPath("tutorial-twiml/\(name).xml"), encoding: .utf8)
        return text.replacingOccurrences(of: "{{encryptedCardDigits}}", with: hex)
    }

    func pinStep(_ digits: String = "", attempt: Int = 1, card hex: String? = nil) -> GatherRequest {
        GatherRequest(step: "processData", attempt: attempt, digits: Digits(digits), carried: ["encryptedCardDigits": hex ?? card.hex])
    }

    @Test func everyAnswerOfTheCardStepIsTheFirstReleasesBytes() async throws {
        #expect(try await flow().answer(GatherRequest(step: nil), urls: urls).twiml == golden("01-start", card: ""))
        #expect(try await flow().answer(GatherRequest(step: "getLast4CC"), urls: urls).twiml == golden("01-start", card: ""))
        #expect(try await flow().answer(GatherRequest(step: "getPin"), urls: urls).twiml == golden("02-card-silence", card: ""))
        #expect(try await flow().answer(GatherRequest(step: "getPin", attempt: 2, digits: Digits("12")), urls: urls).twiml == golden("03-card-bad-attempt2", card: ""))
        #expect(try await flow().answer(GatherRequest(step: "getPin", attempt: 3), urls: urls).twiml == golden("04-card-gave-up", card: ""))
    }

    @Test func askingForThePinCarriesTheFreshCardCiphertextExactlyAsBefore() async throws {
        let answer = try await flow().answer(GatherRequest(step: "getPin", digits: Digits("1234")), urls: urls)
        let sealed = try #require(answer.ciphertext)
        #expect(answer.twiml == (try golden("05-ask-pin", card: sealed.wire)))
        #expect(try cipher.openDigits(sealed).withPlaintext { $0 } == "1234")
    }

    @Test func everyAnswerOfThePinStepIsTheFirstReleasesBytes() async throws {
        #expect(try await flow().answer(pinStep(), urls: urls).twiml == golden("06-pin-silence", card: card.hex))
        #expect(try await flow().answer(pinStep(attempt: 3), urls: urls).twiml == golden("07-pin-gave-up", card: card.hex))
        #expect(try await flow().answer(pinStep("4321"), urls: urls).twiml == golden("08-verified", card: card.hex))
        #expect(try await flow(.notFound).answer(pinStep("4321"), urls: urls).twiml == golden("09-not-found", card: card.hex))
        #expect(try await flow().answer(pinStep("4321", card: "zz"), urls: urls).twiml == golden("10-bad-card-ciphertext", card: card.hex))
    }

    @Test func theTutorialsNamesFallOutOfTheFieldNames() {
        #expect(Flow.tutorial.fields.map(\.name.ciphertextParameter) == ["encryptedCardDigits", "encryptedPinDigits"])
        #expect(Flow.tutorial.fields.map(\.step) == ["getLast4CC", "getPin"])
        #expect(Flow.tutorial.actionStep(forAsking: 0) == "getPin")
        #expect(Flow.tutorial.actionStep(forAsking: 1) == "processData")
    }

    @Test func theVerifierRequestKeepsTheTutorialsFieldsAndAddsAVersion() throws {
        let pin = cipher.seal(Digits("4321"))
        let request = VerificationRequest(flow: "tutorial", ciphertexts: ["card": .tutorial(card), "pin": .tutorial(pin)])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(request.jsonBody())) as? [String: Any])
        #expect(object["encryptedCardDigits"] as? String == card.hex)
        #expect(object["encryptedPinDigits"] as? String == pin.hex)
        #expect(object["version"] as? Int == VerificationRequest.contractVersion)
        #expect(object["flow"] as? String == "tutorial")
        // The tutorial's own axios body has neither version nor flow: it reads as version 1.
        let tutorialBody = try VerificationRequest(fields: ["encryptedCardDigits": card.hex, "encryptedPinDigits": pin.hex], flow: .tutorial)
        #expect(tutorialBody.ciphertexts == ["card": .tutorial(card), "pin": .tutorial(pin)])
        #expect(tutorialBody.version == 1)
    }

    @Test func aRequestOfAnotherVersionOrFlowOrMissingAFieldIsRefusedByName() {
        let both = ["encryptedCardDigits": card.hex, "encryptedPinDigits": card.hex]
        #expect(throws: VerificationRequestError.unsupportedVersion) {
            try VerificationRequest(fields: both.merging(["version": "2"]) { $1 }, flow: .tutorial)
        }
        #expect(throws: VerificationRequestError.otherFlow) {
            try VerificationRequest(fields: both.merging(["flow": "account-dob"]) { $1 }, flow: .tutorial)
        }
        #expect(throws: VerificationRequestError.missingField("encryptedPinDigits")) {
            try VerificationRequest(fields: ["encryptedCardDigits": card.hex], flow: .tutorial)
        }
        #expect(throws: VerificationRequestError.malformedCiphertext("encryptedCardDigits")) {
            try VerificationRequest(fields: both.merging(["encryptedCardDigits": "00ff"]) { $1 }, flow: .tutorial)
        }
    }
}
