import EncryptedGather
import Foundation
import Synchronization
import Testing

/// The one loop running flows other than the tutorial's: the card-payment flow's three fields,
/// re-prompts that say why, and the brand carried for the security code.
@Suite struct FlowCallTests {
    let cipher = GatherCipher(secret: Fixture.secret)
    let urls = GatherURLs(publicBaseURL: "https://gather.example.com")
    let payment = try! Fixture.shippedFlow("card-payment")

    func call(_ verifier: ScriptedVerifier = ScriptedVerifier(.found(DemoAccount.account))) throws -> CallFlow<ScriptedVerifier> {
        CallFlow(flow: payment, sealer: cipher, prompts: try PromptLibrary(directory: Fixture.twimlDirectory, flow: payment), verifier: verifier, today: { Fixture.today })
    }

    func action(of twiml: String) throws -> String {
        let range = try #require(twiml.range(of: #"action="[^"]*""#, options: .regularExpression))
        return String(twiml[range].dropFirst(8).dropLast()).replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func theFirstPromptAsksForTheCardNumberEndedByPound() async throws {
        let answer = try await call().answer(GatherRequest(step: nil), urls: urls)
        #expect(answer.outcome == .asked("card"))
        #expect(answer.twiml.contains(##"<Gather input="dtmf" numDigits="19" finishOnKey="#" timeout="10" method="POST" action="https://gather.example.com/encrypted-gather?step=getExpiry">"##))
        #expect(answer.twiml.contains("<Say>Please enter your card number, then press the pound key.</Say>"))
    }

    @Test(arguments: [
        ("", "timeout", "Sorry, I did not hear any digits."),
        ("4242424242424241", "invalid-luhn", "Sorry, that card number is not valid."),
        ("4242", "invalid-length", "Sorry, a card number has 12 to 19 digits."),
        ("000000000000", "invalid-brand", "Sorry, we accept Visa, Mastercard, American Express and Discover only."),
    ])
    func eachReasonForAskingAgainHasItsOwnWords(input: String, reason: String, words: String) async throws {
        let answer = try await call().answer(GatherRequest(step: "getExpiry", digits: Digits(input)), urls: urls)
        #expect(answer.outcome == .reasked("card", reason == "timeout" ? .timeout : .invalid(String(reason.dropFirst(8)))))
        #expect(answer.twiml.contains("<Say>\(words)</Say>\n    <Say>Please enter your card number"))
        #expect(try action(of: answer.twiml) == "https://gather.example.com/encrypted-gather?step=getExpiry&attempt=2")
    }

    @Test func anAmexNumberIsSealedAndItsBrandShapesTheSecurityCode() async throws {
        let expiry = try await call().answer(GatherRequest(step: "getExpiry", digits: Digits("378282246310005")), urls: urls)
        let card = try #require(expiry.ciphertext)
        #expect(try cipher.openDigits(card).withPlaintext { $0 } == "378282246310005")
        #expect(try action(of: expiry.twiml) == "https://gather.example.com/encrypted-gather?step=getSecurityCode&encryptedCardDigits=\(card.wire)&cardBrand=amex")
        #expect(!expiry.twiml.contains("378282246310005"))

        let code = try await call().answer(
            GatherRequest(step: "getSecurityCode", digits: Digits("1230"), carried: ["encryptedCardDigits": card.wire, "cardBrand": "amex"]), urls: urls)
        #expect(code.outcome == .asked("securityCode"))
        #expect(code.twiml.contains(#"numDigits="4""#))
        let expiryCiphertext = try #require(code.ciphertext)
        #expect(try action(of: code.twiml) == "https://gather.example.com/encrypted-gather?step=processData&encryptedCardDigits=\(card.wire)&encryptedExpiryDigits=\(expiryCiphertext.wire)&cardBrand=amex")
    }

    @Test func anExpiredCardIsAskedAgainForTheExpiryKeepingTheCard() async throws {
        let card = cipher.seal(Digits("4242424242424242"))
        let answer = try await call().answer(
            GatherRequest(step: "getSecurityCode", digits: Digits("1125"), carried: ["encryptedCardDigits": card.hex, "cardBrand": "visa"]), urls: urls)
        #expect(answer.outcome == .reasked("expiry", .invalid("expired")))
        #expect(answer.twiml.contains("<Say>Sorry, that card has expired.</Say>"))
        #expect(try action(of: answer.twiml).hasSuffix("&encryptedCardDigits=\(card.hex)&cardBrand=visa&attempt=2"))
    }

    @Test func everyCiphertextGoesToTheVerifierUnderItsFieldsName() async throws {
        let verifier = ScriptedVerifier(.found(DemoAccount.account))
        let card = cipher.seal(Digits("4242424242424242"))
        let expiry = cipher.seal(Digits("1299"))
        let answer = try await call(verifier).answer(
            GatherRequest(
                step: "processData", digits: Digits("123"),
                carried: ["encryptedCardDigits": card.hex, "encryptedExpiryDigits": expiry.hex, "cardBrand": "visa"], callSid: "CA1"),
            urls: urls)
        #expect(answer.outcome == .verified)
        // The security code is never filed: its ciphertext is not even offered to the step log.
        #expect(answer.ciphertext == nil)
        let request = try #require(verifier.calls.withLock { $0.first })
        #expect(request.flow == "card-payment")
        #expect(request.callSid == "CA1")
        #expect(request.ciphertexts["card"] == .tutorial(card))
        #expect(request.ciphertexts["expiry"] == .tutorial(expiry))
        #expect(try cipher.openDigits(#require(request.ciphertexts["securityCode"])).withPlaintext { $0 } == "123")
    }

    @Test func aForgedBrandCannotWidenTheSecurityCode() async throws {
        let card = cipher.seal(Digits("4242424242424242"))
        let answer = try await call().answer(
            GatherRequest(step: "getSecurityCode", digits: Digits("1299"), carried: ["encryptedCardDigits": card.hex, "cardBrand": "amex\"><Hangup/>"]), urls: urls)
        let unknown = try await call().answer(
            GatherRequest(step: "getSecurityCode", digits: Digits("1299"), carried: ["encryptedCardDigits": card.hex, "cardBrand": "zzzz"]), urls: urls)
        #expect(!unknown.twiml.contains("zzzz"))
        // Not an identifier: dropped, so the code is shaped for the default 3 digits and the URL
        // carries nothing of it.
        #expect(answer.twiml.contains(#"numDigits="3""#))
        #expect(!answer.twiml.contains("Hangup"))
    }

    @Test func triesAreTheFlowsToSet() async throws {
        let flow = try FlowFile.parse(Data(#"{"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "prompt": "PIN?", "tries": 1}]}"#.utf8), source: "test")
        let call = CallFlow(flow: flow, sealer: cipher, prompts: try PromptLibrary(directory: Fixture.twimlDirectory, flow: flow), verifier: ScriptedVerifier(.notFound))
        #expect(await call.answer(GatherRequest(step: "processData"), urls: urls).outcome == .gaveUp)
    }

    @Test func theAttemptAndTriesLeftCanBeWordedInARePrompt() async throws {
        let flow = try FlowFile.parse(Data(#"""
            {"name": "x", "fields": [{"name": "pin", "rule": {"kind": "digits", "count": 4}, "prompt": "PIN?",
              "reprompts": {"default": "Try {{attempt}}, {{triesLeft}} left ({{reason}})."}}]}
            """#.utf8), source: "test")
        let call = CallFlow(flow: flow, sealer: cipher, prompts: try PromptLibrary(directory: Fixture.twimlDirectory, flow: flow), verifier: ScriptedVerifier(.notFound))
        let answer = await call.answer(GatherRequest(step: "processData", digits: Digits("12")), urls: urls)
        #expect(answer.twiml.contains("<Say>Try 2, 2 left (invalid-length).</Say>"))
    }
}
