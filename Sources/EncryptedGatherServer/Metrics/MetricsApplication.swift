import EncryptedGather
import Hummingbird
import HummingbirdCore
import Logging
import Prometheus

/// The metrics listener: `GET /metrics` and nothing else, at `address`. It is an application of its
/// own, so the webhooks' port never serves metrics; `buildApplication` runs it among its services,
/// so it stops with the server. It keeps the webhooks' time-outs and a cap of its own on
/// connections: held-open connections here would otherwise use up the descriptors the webhooks
/// and the store need.
///
/// - Parameters:
///   - limits: the server's time-outs (its `maximumConnections` is for the webhooks; this
///     listener holds `metricsConnections`).
///   - onServerRunning: told the port bound (tests bind port 0).
public func buildMetricsApplication(
    address: MetricsAddress, registry: PrometheusCollectorRegistry, limits: ConnectionLimits = ConnectionLimits(), logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router()
    MetricsController(registry: registry).addRoutes(to: router)
    let bracketed = address.host.contains(":") ? "[\(address.host)]" : address.host
    return Application(
        router: router,
        server: limits.server,
        configuration: ApplicationConfiguration(
            address: .hostname(address.host, port: address.port), serverName: nil,
            availableConnectionsDelegate: MaximumAvailableConnections(metricsConnections, logger: logger)),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? address.port
            logger.info("metrics listening", metadata: ["metrics": .string("http://\(bracketed):\(port)/metrics")])
            await onServerRunning(port)
        },
        logger: logger
    )
}

/// Connections the metrics listener holds at once: a scraper or two needs one each.
let metricsConnections = 16
