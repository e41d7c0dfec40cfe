/// Where `/metrics` listens (`METRICS_ADDRESS`): `port` alone or `host:port` (`[::1]:port` for
/// IPv6). Metrics are off unless it is set, and on loopback unless a host says otherwise: the
/// counters tell call volumes and lockouts to whoever can reach them.
public struct MetricsAddress: Sendable, Equatable {
    /// The address to bind; `127.0.0.1` when only a port is given.
    public var host: String
    /// The port to bind; 0 lets the system choose.
    public var port: Int

    /// An address given directly.
    public init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `9464`, `127.0.0.1:9464`, `localhost:9464`, `0.0.0.0:9464` or `[::1]:9464`.
    ///
    /// - Throws: a one-line `ConfigurationError` naming `METRICS_ADDRESS` for anything else.
    public init(parsing text: String) throws(ConfigurationError) {
        let invalid = ConfigurationError.invalidSetting(
            "METRICS_ADDRESS", value: text, expected: "a port (loopback) or host:port, the port from 0 to 65535")
        let host: Substring
        let portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            // IPv6 in brackets, as in a URL; the listener binds the bare address.
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw invalid }
            portText = rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            // An unbracketed IPv6 address cannot say where its port starts.
            guard !host.contains(":") else { throw invalid }
        } else {
            host = "127.0.0.1"
            portText = Substring(text)
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "[" || $0 == "]" }),
              portText.allSatisfy(\.isASCII), let port = Int(portText), (0...65535).contains(port)
        else { throw invalid }
        self.init(host: String(host), port: port)
    }

    /// `METRICS_ADDRESS`, if set; with `--dev` it must be loopback, as `HOST` must.
    public static func resolve(settings: Settings, isDevelopment: Bool) throws(ConfigurationError) -> MetricsAddress? {
        guard let text = settings["METRICS_ADDRESS"] else { return nil }
        let address = try MetricsAddress(parsing: text)
        if isDevelopment, !address.isLoopback {
            throw .invalidSetting("METRICS_ADDRESS", value: text, expected: "a loopback address with --dev (a port alone, or 127.0.0.1:port)")
        }
        return address
    }

    /// Whether only this machine can reach it.
    public var isLoopback: Bool { ServerConfiguration.isLoopback(host) }

    /// The start-up warning for an address other machines can reach.
    public var exposureWarning: String? {
        guard !isLoopback else { return nil }
        return "METRICS_ADDRESS binds \(host), not loopback: /metrics (call volumes, lockouts, failures) is exposed to the network without authentication"
    }
}
