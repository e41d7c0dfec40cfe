import EncryptedGather
import EncryptedGatherServer
import Metrics

/// How `serve` keeps metrics: one bootstrap per process, and only when `METRICS_ADDRESS` asks for
/// them, so a server without metrics counts into swift-metrics' no-op handlers.
enum ServeMetrics {
    /// The export `/metrics` renders, with `MetricsSystem` bootstrapped into it; `nil` when off.
    static func bootstrapped(for configuration: ServerConfiguration) -> PrometheusExport? {
        guard configuration.metricsAddress != nil else { return nil }
        let export = PrometheusExport()
        MetricsSystem.bootstrap(export.factory)
        return export
    }
}
