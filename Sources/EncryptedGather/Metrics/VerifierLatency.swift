import CoreMetrics

/// `encrypted_gather_verifier_latency_seconds{outcome}`: how long the call flow waits for the
/// verifier (over HTTP, or in process in the `all` role), by the kind of answer.
public struct VerifierLatency: Sendable {
    /// The metric's name; a Prometheus backend gives it buckets of its own (`bucketBounds`).
    public static let name = "encrypted_gather_verifier_latency_seconds"

    /// The histogram's upper bounds: an in-process look-up takes well under a millisecond, a
    /// verifier elsewhere a few, and the call flow gives up at 5 s.
    public static let bucketBounds: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    private let found: Timer
    private let notFound: Timer
    private let unavailable: Timer

    /// Timers from `factory`, one per `outcome`: `found`, `not_found`, `unavailable`.
    public init(factory: any MetricsFactory) {
        func timer(_ outcome: String) -> Timer {
            Timer(label: Self.name, dimensions: [("outcome", outcome)], factory: factory)
        }
        found = timer("found")
        notFound = timer("not_found")
        unavailable = timer("unavailable")
    }

    /// Records that answering `result` took `duration`.
    public func record(_ duration: Duration, answering result: VerificationResult) {
        let timer = switch result {
        case .found: found
        case .notFound: notFound
        case .unavailable: unavailable
        }
        let (seconds, attoseconds) = duration.components
        timer.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
