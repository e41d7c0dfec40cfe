/// The tutorial's call: last 4 card digits, then PIN, then the verifier's answer.
///
/// Each value is sealed the moment it arrives; between steps only ciphertext travels (in the next
/// action URL); this side never decrypts. A step that gets no input or not exactly 4 digits asks
/// again, up to `maximumAttempts` tries, then says goodbye and hangs up.
public struct CallFlow<Verifier: EncryptedGather.Verifier>: Sendable {
    /// Tries per prompt before the call ends.
    public static var maximumAttempts: Int { 3 }

    private let cipher: GatherCipher
    private let prompts: PromptLibrary
    private let verifier: Verifier

    /// A flow that seals with `cipher`, speaks `prompts` and asks `verifier`.
    public init(cipher: GatherCipher, prompts: PromptLibrary, verifier: Verifier) {
        self.cipher = cipher
        self.prompts = prompts
        self.verifier = verifier
    }

    /// Answers one webhook request; Twilio will find its next URLs under `urls`.
    public func answer(_ request: GatherRequest, urls: GatherURLs) async -> GatherAnswer {
        switch request.step {
        case .getLast4CC:
            return askForCard(attempt: request.attempt, urls: urls)
        case .getPin:
            guard request.digits.isDecimal(count: 4) else {
                return retry(request.attempt, urls: urls) { askForCard(attempt: $0, urls: urls) }
            }
            let card = cipher.seal(request.digits)
            return askForPin(card: card, attempt: 1, urls: urls)
        case .processData:
            guard let encoded = request.encryptedCardDigits, let card = Ciphertext(hex: encoded) else {
                return GatherAnswer(twiml: prompts.render(.notFound), outcome: .rejectedCardCiphertext, ciphertext: nil)
            }
            guard request.digits.isDecimal(count: 4) else {
                return retry(request.attempt, urls: urls) { askForPin(card: card, attempt: $0, urls: urls) }
            }
            let pin = cipher.seal(request.digits)
            return await verify(card: card, pin: pin)
        }
    }

    private func askForCard(attempt: Int, urls: GatherURLs) -> GatherAnswer {
        let action = urls.action(step: .getPin, attempt: attempt)
        let twiml = prompts.render(.getLast4CC(action: action, retry: attempt > 1))
        return GatherAnswer(twiml: twiml, outcome: attempt > 1 ? .reaskedForCard : .askedForCard, ciphertext: nil)
    }

    private func askForPin(card: Ciphertext, attempt: Int, urls: GatherURLs) -> GatherAnswer {
        let action = urls.action(step: .processData, encryptedCardDigits: card, attempt: attempt)
        let twiml = prompts.render(.getPin(action: action, retry: attempt > 1))
        return GatherAnswer(twiml: twiml, outcome: attempt > 1 ? .reaskedForPin : .askedForPin, ciphertext: card)
    }

    private func retry(_ attempt: Int, urls: GatherURLs, ask: (Int) -> GatherAnswer) -> GatherAnswer {
        guard attempt < Self.maximumAttempts else {
            return GatherAnswer(twiml: prompts.render(.goodbye), outcome: .gaveUp, ciphertext: nil)
        }
        return ask(attempt + 1)
    }

    private func verify(card: Ciphertext, pin: Ciphertext) async -> GatherAnswer {
        switch await verifier.verify(encryptedCardDigits: card, encryptedPinDigits: pin) {
        case .found(let account):
            let twiml = prompts.render(.verified(account: account.number, balance: account.balance.description))
            return GatherAnswer(twiml: twiml, outcome: .verified, ciphertext: pin)
        case .notFound:
            return GatherAnswer(twiml: prompts.render(.notFound), outcome: .notFound, ciphertext: pin)
        case .unavailable:
            return GatherAnswer(twiml: prompts.render(.notFound), outcome: .verifierUnavailable, ciphertext: pin)
        }
    }
}
