import CoreMetrics

/// Every metric the server keeps, made once from one factory and handed to the parts that count.
/// Labels come from fixed sets and the flow's own step names only: no digit, ciphertext, CallSid,
/// RecordingSid, phone or account number is ever a label or a value.
public struct GatherMetrics: Sendable {
    /// `encrypted_gather_signature_failures_total`: webhooks refused for their `X-Twilio-Signature`.
    public static let signatureFailuresName = "encrypted_gather_signature_failures_total"

    /// Webhook steps by step and outcome.
    public let calls: CallMetrics
    /// Time the call flow waits for the verifier.
    public let verifierLatency: VerifierLatency
    /// Lockouts begun.
    public let lockouts: LockoutMetrics
    /// Webhooks refused for a missing or wrong signature.
    public let signatureFailures: Counter
    /// Recording jobs by state.
    public let recordingJobs: RecordingJobMetrics

    /// The metrics of a server running `flow`, from `factory`.
    public init(flow: Flow, factory: any MetricsFactory) {
        calls = CallMetrics(flow: flow, factory: factory)
        verifierLatency = VerifierLatency(factory: factory)
        lockouts = LockoutMetrics(factory: factory)
        signatureFailures = Counter(label: Self.signatureFailuresName, factory: factory)
        recordingJobs = RecordingJobMetrics(factory: factory)
    }
}
