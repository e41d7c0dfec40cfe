import AsyncHTTPClient
import Logging
import ServiceLifecycle

/// The one HTTP client for outbound requests (the verifier, Twilio's REST API), shut down with
/// the server.
///
/// Its own client rather than `HTTPClient.shared`, whose pool keeps 8 connections per host: under
/// 50 concurrent calls the PIN step queued behind them.
public struct HTTPClientService: Service {
    /// Connections kept per host.
    public static var connectionsPerHost: Int { 64 }

    /// The client.
    public let client: HTTPClient

    /// A new client; `run` shuts it down at graceful shutdown.
    public init() {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = Self.connectionsPerHost
        // Never follow a redirect with a bearer token or Basic credentials to wherever it points:
        // the recording fetcher follows its own, below TWILIO_API_BASE_URL only.
        configuration.redirectConfiguration = .disallow
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
