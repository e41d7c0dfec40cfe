import EncryptedGather
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

extension ConnectionLimits {
    /// HTTP/1 with the idle time-out, the read time-out of each request, and the idle time-out
    /// again for a client that stops taking its answers.
    var server: HTTPServerBuilder {
        .http1(configuration: .init(
            additionalChannelHandlers: [
                RequestReadTimeoutHandler(timeout: .seconds(Int64(readTimeoutSeconds))),
                UntakenAnswerTimeoutHandler(timeout: .seconds(Int64(idleTimeoutSeconds))),
            ],
            idleTimeout: .seconds(Int64(idleTimeoutSeconds))))
    }

    /// The application's listener, accepting at most `maximumConnections` at once.
    func applicationConfiguration(host: String, port: Int, logger: Logger) -> ApplicationConfiguration {
        ApplicationConfiguration(
            address: .hostname(host, port: port), serverName: "encrypted-gather",
            availableConnectionsDelegate: MaximumAvailableConnections(maximumConnections, logger: logger))
    }
}
