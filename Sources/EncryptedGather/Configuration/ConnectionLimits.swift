/// How the server bounds what a client can hold: Twilio opens a connection, sends a 2 KB request
/// and reads the answer within 15 s, so anything that lingers far longer is not Twilio.
public struct ConnectionLimits: Sendable, Equatable {
    /// Seconds a connection may stay open without a request in progress, or with answers its
    /// client does not take (`IDLE_TIMEOUT`, default 20).
    public var idleTimeoutSeconds: Int
    /// Seconds a request may take to arrive once its head has (`READ_TIMEOUT`, default 10).
    public var readTimeoutSeconds: Int
    /// Connections accepted at once; more wait in the listen backlog (`MAX_CONNECTIONS`, default 1000).
    public var maximumConnections: Int

    /// Limits given directly.
    public init(idleTimeoutSeconds: Int = 20, readTimeoutSeconds: Int = 10, maximumConnections: Int = 1000) {
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.readTimeoutSeconds = readTimeoutSeconds
        self.maximumConnections = maximumConnections
    }

    /// Reads `IDLE_TIMEOUT`, `READ_TIMEOUT` and `MAX_CONNECTIONS`.
    public init(settings: Settings) throws(ConfigurationError) {
        func number(_ name: String, default value: Int, in range: ClosedRange<Int>, unit: String) throws(ConfigurationError) -> Int {
            let text = settings[name] ?? String(value)
            guard let number = Int(text), range.contains(number) else {
                throw .invalidSetting(name, value: text, expected: "\(unit) from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        self.init(
            idleTimeoutSeconds: try number("IDLE_TIMEOUT", default: 20, in: 1...3600, unit: "seconds"),
            readTimeoutSeconds: try number("READ_TIMEOUT", default: 10, in: 1...600, unit: "seconds"),
            maximumConnections: try number("MAX_CONNECTIONS", default: 1000, in: 1...100_000, unit: "connections"))
    }
}
