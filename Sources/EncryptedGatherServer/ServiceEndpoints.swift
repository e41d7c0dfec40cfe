import EncryptedGather
import Synchronization

/// The URLs that depend on the port actually bound (so `PORT=0` works): the public base URL
/// Twilio sees and the verifier's URL, each either configured or defaulting to this server.
public final class ServiceEndpoints: Sendable {
    private let configuredPublicBaseURL: String?
    private let configuredVerifyURL: String?
    private let loopbackHost: String
    private let port: Mutex<Int>

    /// Endpoints for `configuration`, assuming its port until `serverBound(to:)` says otherwise.
    public init(configuration: ServerConfiguration) {
        // GatherURLs drops a trailing slash; the signature check must see the same URL.
        self.configuredPublicBaseURL = configuration.publicBaseURL.map { GatherURLs(publicBaseURL: $0).publicBaseURL }
        self.configuredVerifyURL = configuration.verifyURL
        self.loopbackHost = configuration.host.contains(":") ? "[::1]" : "127.0.0.1"
        self.port = Mutex(configuration.port)
    }

    /// Records the port the server is listening on.
    public func serverBound(to port: Int) {
        self.port.withLock { $0 = port }
    }

    /// The port the server listens on (the configured one until it has bound).
    public var boundPort: Int { port.withLock { $0 } }

    /// `PUBLIC_BASE_URL`, or `http://127.0.0.1:{bound port}`.
    public var publicBaseURL: String {
        configuredPublicBaseURL ?? "http://\(loopbackHost):\(boundPort)"
    }

    /// `VERIFY_URL`, or this server's own `/decrypt-gather` on loopback.
    public var verifyURL: String {
        configuredVerifyURL ?? loopbackBaseURL + "/decrypt-gather"
    }

    /// This server on loopback at the bound port, whatever `PUBLIC_BASE_URL` says.
    public var loopbackBaseURL: String {
        "http://\(loopbackHost):\(boundPort)"
    }

    /// The action URLs of the call flow.
    public var gatherURLs: GatherURLs { GatherURLs(publicBaseURL: publicBaseURL) }
}
