import EncryptedGather
import Foundation
import Synchronization
import Testing

/// A verifier that answers what it is told and remembers what it was asked.
final class ScriptedVerifier: Verifier {
    let result: VerificationResult
    let calls = Mutex<[VerificationRequest]>([])

    init(_ result: VerificationResult) {
        self.result = result
    }

    func verify(_ request: VerificationRequest) async -> VerificationResult {
        calls.withLock { $0.append(request) }
        return result
    }
}

@Suite struct CallFlowTests {
    let cipher = GatherCipher(secret: Fixture.secret)
    let prompts = try! PromptLibrary(directory: Fixture.twimlDirectory)
    let urls = GatherURLs(publicBaseURL: "https://gather.example.com/")
    static let demo = Account(number: "AC12345678", balance: Balance(cents: 1255))

    func flow(_ verifier: ScriptedVerifier = ScriptedVerifier(.found(demo))) -> CallFlow<ScriptedVerifier> {
        CallFlow(sealer: cipher, prompts: prompts, verifier: verifier)
    }

    func action(of twiml: String) throws -> String {
        let range = try #require(twiml.range(of: #"action="[^"]*""#, options: .regularExpression))
        return String(twiml[range].dropFirst(8).dropLast()).replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func theCallStartsByAskingForTheCardWithTheTutorialsAction() async throws {
        let answer = await flow().answer(GatherRequest(step: "getLast4CC"), urls: urls)
        #expect(answer.outcome == .asked("card"))
        #expect(try action(of: answer.twiml) == "https://gather.example.com/encrypted-gather?step=getPin")
    }

    @Test func cardDigitsAreSealedAtOnceAndOnlyTheirCiphertextTravels() async throws {
        let answer = await flow().answer(GatherRequest(step: "getPin", digits: Digits("1234")), urls: urls)
        #expect(answer.outcome == .asked("pin"))
        let next = try action(of: answer.twiml)
        #expect(next.hasPrefix("https://gather.example.com/encrypted-gather?step=processData&encryptedCardDigits="))
        let hex = String(next.split(separator: "=").last!)
        #expect(try cipher.openDigits(#require(Ciphertext(hex: hex))).withPlaintext { $0 } == "1234")
        #expect(!answer.twiml.contains("1234"))
        #expect(answer.ciphertext?.wire == hex)
    }

    @Test func thePinIsSealedAndBothCiphertextsGoToTheVerifier() async throws {
        let verifier = ScriptedVerifier(.found(Self.demo))
        let card = cipher.seal(Digits("1234"))
        let answer = await flow(verifier).answer(
            GatherRequest(step: "processData", digits: Digits("4321"), carried: ["encryptedCardDigits": card.hex]), urls: urls)
        #expect(answer.outcome == .verified)
        #expect(answer.twiml.contains("Thank you. Your account number is AC12345678 and your balance is 12.55"))
        let call = try #require(verifier.calls.withLock { $0.first })
        #expect(call.flow == "tutorial")
        #expect(call.ciphertexts["card"] == .tutorial(card))
        #expect(try cipher.openDigits(#require(call.ciphertexts["pin"])).withPlaintext { $0 } == "4321")
    }

    @Test(arguments: [VerificationResult.notFound, .unavailable(.timedOut), .unavailable(.refused(status: 400))])
    func aCallerTheVerifierCannotConfirmHearsNotFound(result: VerificationResult) async {
        let answer = await flow(ScriptedVerifier(result)).answer(
            GatherRequest(step: "processData", digits: Digits("4321"), carried: ["encryptedCardDigits": cipher.seal(Digits("1234")).hex]), urls: urls)
        switch result {
        case .unavailable(let failure): #expect(answer.outcome == .verifierUnavailable(failure))
        default: #expect(answer.outcome == .notFound)
        }
        #expect(answer.twiml.contains("We were not able to locate you in our system. Goodbye."))
    }

    @Test(arguments: [("", "timeout"), ("123", "invalid-length"), ("12345", "invalid-length"), ("12#4", "invalid-format"), ("abcd", "invalid-format")])
    func noOrBadCardInputAsksAgainWithTheReasonAndTheAttemptCounted(input: String, reason: String) async throws {
        let answer = await flow().answer(GatherRequest(step: "getPin", digits: Digits(input)), urls: urls)
        guard case .reasked("card", let why) = answer.outcome else { Issue.record("\(answer.outcome)"); return }
        #expect(why.key == reason)
        #expect(answer.twiml.contains("Sorry, I did not get 4 digits."))
        #expect(try action(of: answer.twiml) == "https://gather.example.com/encrypted-gather?step=getPin&attempt=2")
        #expect(answer.twiml.contains(#"<Redirect method="POST">https://gather.example.com/encrypted-gather?step=getPin&amp;attempt=2</Redirect>"#))
    }

    @Test func theThirdFailedTryEndsTheCall() async {
        let second = await flow().answer(GatherRequest(step: "getPin", attempt: 2), urls: urls)
        #expect(second.outcome == .reasked("card", .timeout))
        let third = await flow().answer(GatherRequest(step: "getPin", attempt: 3), urls: urls)
        #expect(third.outcome == .gaveUp)
        #expect(third.twiml.contains("<Hangup/>"))
        let pinThird = await flow().answer(
            GatherRequest(step: "processData", attempt: 3, carried: ["encryptedCardDigits": cipher.seal(Digits("1234")).hex]), urls: urls)
        #expect(pinThird.outcome == .gaveUp)
    }

    @Test func aPinRepromptKeepsCarryingTheCardCiphertext() async throws {
        let card = cipher.seal(Digits("1234"))
        let answer = await flow().answer(GatherRequest(step: "processData", digits: Digits(""), carried: ["encryptedCardDigits": card.hex]), urls: urls)
        #expect(answer.outcome == .reasked("pin", .timeout))
        #expect(try action(of: answer.twiml) == "https://gather.example.com/encrypted-gather?step=processData&encryptedCardDigits=\(card.hex)&attempt=2")
    }

    @Test(arguments: [nil, "", "zz", "00ff", String(repeating: "0", count: 57)])
    func aMissingOrMalformedCardCiphertextHearsNotFoundWithoutAskingTheVerifier(card: String?) async {
        let verifier = ScriptedVerifier(.found(Self.demo))
        let answer = await flow(verifier).answer(GatherRequest(step: "processData", digits: Digits("4321"), carried: card.map { ["encryptedCardDigits": $0] } ?? [:]), urls: urls)
        #expect(answer.outcome == .rejectedCiphertext)
        #expect(answer.twiml.contains("We were not able to locate you"))
        #expect(verifier.calls.withLock { $0.isEmpty })
    }

    @Test func theCallersFromTravelsToTheVerifierFromTheSignedBodyOnly() async throws {
        let verifier = ScriptedVerifier(.notFound)
        let request = GatherRequest(
            query: FormParameters(urlEncoded: "step=processData&From=%2B19995550000&encryptedCardDigits=\(cipher.seal(Digits("1234")).hex)"),
            form: FormParameters(urlEncoded: "CallSid=CA1&From=%2B14155550100&Digits=4321"))
        _ = await flow(verifier).answer(request, urls: urls)
        let sent = try #require(verifier.calls.withLock { $0.first })
        #expect(sent.from == "+14155550100")
        #expect(try VerificationRequest(fields: Self.fields(of: sent.jsonBody()), flow: .tutorial).from == "+14155550100")
    }

    static func fields(of body: [UInt8]) throws -> [String: String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        return object.compactMapValues { $0 as? String }
    }

    @Test func requestsAreReadFromTwiliosParameters() {
        let request = GatherRequest(
            query: FormParameters(urlEncoded: "step=processData&encryptedCardDigits=abcd&attempt=2"),
            form: FormParameters(urlEncoded: "CallSid=CA1&Digits=4321"))
        #expect(request.step == "processData")
        #expect(request.attempt == 2)
        #expect(request.carried("encryptedCardDigits") == "abcd")
        #expect(request.callSid == "CA1")
        #expect(request.digits.isDecimal(count: 4))
        let unknown = GatherRequest(query: FormParameters(urlEncoded: "step=bogus&attempt=-4"), form: FormParameters())
        #expect(Flow.tutorial.position(ofStep: unknown.step) == .start)
        #expect(unknown.attempt == 1)
    }
}
