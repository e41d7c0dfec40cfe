import EncryptedGather
import Hummingbird
import Logging
import NIOCore

/// `/encrypted-gather`: the phone number's voice webhook, mapped onto the `CallFlow`.
public struct GatherController<Verifier: EncryptedGather.Verifier>: Sendable {
    private let flow: CallFlow<Verifier>
    private let endpoints: ServiceEndpoints
    private let calls: CallMetrics?

    /// A controller answering with `flow`, building URLs from `endpoints`, counting steps in `calls`.
    public init(flow: CallFlow<Verifier>, endpoints: ServiceEndpoints, calls: CallMetrics? = nil) {
        self.flow = flow
        self.endpoints = endpoints
        self.calls = calls
    }

    /// Adds `GET` and `POST /encrypted-gather` to `group` (which validates signatures).
    public func addRoutes<Context: TwilioSignedRequestContext>(to group: RouterGroup<Context>) {
        group.get(RouterPath(stringLiteral: GatherURLs.path), use: handle)
        group.post(RouterPath(stringLiteral: GatherURLs.path), use: handle)
    }

    @Sendable func handle(request: Request, context: some TwilioSignedRequestContext) async throws -> Response {
        let gather = GatherRequest(query: request.queryParameters, form: context.signedParameters ?? FormParameters())
        let answer = await flow.answer(gather, urls: endpoints.gatherURLs)
        calls?.count(step: gather.step, outcome: answer.outcome)
        var metadata: Logger.Metadata = [
            "CallSid": .string(gather.callSid ?? "-"),
            "step": .string(flow.step(of: gather)),
            "attempt": .stringConvertible(gather.attempt),
            "Digits": .string(gather.digits.isEmpty ? "" : Digits.redacted),
            "outcome": .string(answer.outcome.name),
        ]
        // Which key a value was sealed to, never the value: a copied ciphertext must not be a
        // credential waiting in the log.
        if let keyID = answer.ciphertext?.keyID { metadata["kid"] = .string(keyID) }
        switch answer.outcome {
        case .reasked(_, let reason):
            metadata["reason"] = .string(reason.key)
            context.logger.info("gather step", metadata: metadata)
        case .verifierUnavailable(let failure):
            // The caller hears "not found", but nobody was looked up: an operator must know.
            metadata["reason"] = .string(failure.description)
            context.logger.error("gather step: the verifier gave no answer", metadata: metadata)
        default:
            context.logger.info("gather step", metadata: metadata)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: answer.twiml))
        )
    }
}
