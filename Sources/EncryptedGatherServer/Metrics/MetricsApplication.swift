import EncryptedGather
import Hummingbird
import Logging
import Prometheus

/// The metrics listener: `GET /metrics` and nothing else, at `address`. It is an application of its
/// own, so the webhooks' port never serves metrics; `buildApplication` runs it among its services,
/// so it stops with the server.
///
/// - Parameter onServerRunning: told the port bound (tests bind port 0).
public func buildMetricsApplication(
    address: MetricsAddress, registry: PrometheusCollectorRegistry, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router()
    MetricsController(registry: registry).addRoutes(to: router)
    let bracketed = address.host.contains(":") ? "[\(address.host)]" : address.host
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: nil),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? address.port
            logger.info("metrics listening", metadata: ["metrics": .string("http://\(bracketed):\(port)/metrics")])
            await onServerRunning(port)
        },
        logger: logger
    )
}
