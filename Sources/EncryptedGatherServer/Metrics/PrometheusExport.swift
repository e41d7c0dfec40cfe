import EncryptedGather
import Prometheus

/// Where the metrics go when `/metrics` is served: one Prometheus registry, and the swift-metrics
/// factory that fills it. `serve` bootstraps `MetricsSystem` with `factory`; tests hand their own
/// export to `buildApplication`, since a process can bootstrap only once.
public struct PrometheusExport: Sendable {
    /// What `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// Makes swift-metrics counters and timers in `registry`.
    public let factory: PrometheusMetricsFactory

    /// An export into `registry`, with the verifier latency's own histogram buckets.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[VerifierLatency.name] = VerifierLatency.bucketBounds
        self.registry = registry
        self.factory = factory
    }
}
