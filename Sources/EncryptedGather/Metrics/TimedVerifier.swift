/// A verifier that records how long each answer of `base` took in `latency`.
public struct TimedVerifier<Base: Verifier>: Verifier {
    private let base: Base
    private let latency: VerifierLatency

    /// Times `base`.
    public init(_ base: Base, latency: VerifierLatency) {
        self.base = base
        self.latency = latency
    }

    public func verify(_ request: VerificationRequest) async -> VerificationResult {
        let clock = ContinuousClock()
        let start = clock.now
        let result = await base.verify(request)
        latency.record(start.duration(to: clock.now), answering: result)
        return result
    }
}
