import Hummingbird
import NIOCore
import Prometheus

/// `GET /metrics`: the registry in Prometheus' text exposition format, on the metrics listener only.
public struct MetricsController: Sendable {
    /// The exposition format's content type, version 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let registry: PrometheusCollectorRegistry

    /// A controller rendering `registry`.
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Adds `GET /metrics` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/metrics", use: handle)
    }

    @Sendable func handle(request: Request, context: some RequestContext) async throws -> Response {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return Response(
            status: .ok, headers: [.contentType: Self.contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
