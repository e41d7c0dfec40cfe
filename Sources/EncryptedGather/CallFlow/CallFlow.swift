/// Runs a `Flow`: asks for each field in turn, seals each value the moment it arrives, carries
/// only ciphertext between steps (in the next action URL), and hands every ciphertext to the
/// verifier at the end. This side never decrypts.
///
/// A field that gets no input, or input its rule refuses, is asked again with the reason, up to
/// its `tries`; then the caller hears goodbye.
public struct CallFlow<Verifier: EncryptedGather.Verifier>: Sendable {
    private let flow: Flow
    private let sealer: any FieldSealer
    private let prompts: PromptLibrary
    private let verifier: Verifier
    private let today: @Sendable () -> CalendarDate

    /// Runs `flow`, sealing with `sealer`, speaking `prompts` and asking `verifier`.
    public init(
        flow: Flow = .tutorial, sealer: any FieldSealer, prompts: PromptLibrary, verifier: Verifier,
        today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() }
    ) {
        self.flow = flow
        self.sealer = sealer
        self.prompts = prompts
        self.verifier = verifier
        self.today = today
    }

    /// The step `request` is handled as, for logs.
    public func step(of request: GatherRequest) -> String {
        flow.resolvedStep(request.step)
    }

    /// Answers one webhook request; Twilio will find its next URLs under `urls`.
    public func answer(_ request: GatherRequest, urls: GatherURLs) async -> GatherAnswer {
        guard case .receiving(let index) = flow.position(ofStep: request.step) else {
            return ask(0, carrying: [], annotations: [:], attempt: request.attempt, reason: nil, urls: urls)
        }
        var carried: [(FieldName, FieldCiphertext)] = []
        for field in flow.fields[..<index] {
            guard let text = request.carried(field.name.ciphertextParameter), let ciphertext = FieldCiphertext(wire: text) else {
                return GatherAnswer(twiml: prompts.render(.notFound), outcome: .rejectedCiphertext, ciphertext: nil)
            }
            carried.append((field.name, ciphertext))
        }
        var annotations = readAnnotations(of: request, before: index)
        let field = flow.fields[index]
        let verdict: RuleVerdict = request.digits.isEmpty
            ? .rejected(reason: "")
            : field.rule.check(request.digits, in: RuleContext(today: today(), annotations: annotations))
        switch verdict {
        case .rejected(let reason):
            guard request.attempt < field.tries else {
                return GatherAnswer(twiml: prompts.render(.goodbye), outcome: .gaveUp, ciphertext: nil)
            }
            let why: RepromptReason = request.digits.isEmpty ? .timeout : .invalid(reason)
            return ask(index, carrying: carried, annotations: annotations, attempt: request.attempt + 1, reason: why, urls: urls)
        case .accepted(let facts):
            let sealed = sealer.seal(request.digits, field: field.name, callSid: request.callSid ?? "")
            carried.append((field.name, sealed))
            if !facts.isEmpty { annotations[field.name] = facts }
            guard index + 1 == flow.fields.count else {
                let next = ask(index + 1, carrying: carried, annotations: annotations, attempt: 1, reason: nil, urls: urls)
                return GatherAnswer(twiml: next.twiml, outcome: next.outcome, ciphertext: sealed)
            }
            // The ciphertext of a value that is never filed (a security code) is not logged.
            return await verify(carried, callSid: request.callSid, from: request.from, sealed: field.isIdentity ? sealed : nil)
        }
    }

    private func ask(
        _ index: Int, carrying carried: [(FieldName, FieldCiphertext)], annotations: [FieldName: [String: String]], attempt: Int,
        reason: RepromptReason?, urls: GatherURLs
    ) -> GatherAnswer {
        let field = flow.fields[index]
        let action = urls.action(
            step: flow.actionStep(forAsking: index), carrying: carried,
            annotations: Self.parameters(of: annotations, in: flow), attempt: attempt)
        let shape = field.rule.shape(in: RuleContext(today: today(), annotations: annotations))
        let twiml = prompts.render(.gather(GatherPrompt(field: field.name, action: action, attempt: attempt, reason: reason, shape: shape)))
        let outcome: GatherOutcome = reason.map { .reasked(field.name, $0) } ?? .asked(field.name)
        return GatherAnswer(twiml: twiml, outcome: outcome, ciphertext: nil)
    }

    private func verify(_ carried: [(FieldName, FieldCiphertext)], callSid: String?, from: String?, sealed: FieldCiphertext?) async -> GatherAnswer {
        let request = VerificationRequest(flow: flow.name, ciphertexts: Dictionary(uniqueKeysWithValues: carried), callSid: callSid, from: from)
        switch await verifier.verify(request) {
        case .found(let account):
            let twiml = prompts.render(.verified(account: account.number, balance: account.balance.description))
            return GatherAnswer(twiml: twiml, outcome: .verified, ciphertext: sealed)
        case .notFound:
            return GatherAnswer(twiml: prompts.render(.notFound), outcome: .notFound, ciphertext: sealed)
        case .unavailable(let failure):
            return GatherAnswer(twiml: prompts.render(.notFound), outcome: .verifierUnavailable(failure), ciphertext: sealed)
        }
    }

    /// Annotations of the fields before `index`, read back from the URL: only the keys each
    /// field's rule produces, so nothing else in a query can pose as one.
    private func readAnnotations(of request: GatherRequest, before index: Int) -> [FieldName: [String: String]] {
        var annotations: [FieldName: [String: String]] = [:]
        for field in flow.fields[..<index] {
            for key in type(of: field.rule).annotationKeys {
                if let value = request.carried(Self.parameterName(field.name, key)), type(of: field.rule).isAnnotation(key: key, value: value) {
                    annotations[field.name, default: [:]][key] = value
                }
            }
        }
        return annotations
    }

    /// `card` + `brand` → `cardBrand`.
    static func parameterName(_ field: FieldName, _ key: String) -> String {
        field.rawValue + key.prefix(1).uppercased() + key.dropFirst()
    }

    static func parameters(of annotations: [FieldName: [String: String]], in flow: Flow) -> [(String, String)] {
        flow.fields.flatMap { field in
            (annotations[field.name] ?? [:]).sorted { $0.key < $1.key }.map { (parameterName(field.name, $0.key), $0.value) }
        }
    }
}
