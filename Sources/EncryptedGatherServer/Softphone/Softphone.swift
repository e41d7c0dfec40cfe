import EncryptedGather

/// What the dev-only softphone at `/simulator` needs beyond the configuration: the buffer of
/// recent log lines it shows beside each step, and this start's session token. Given to
/// `buildApplication` by `serve --dev`.
public struct Softphone: Sendable {
    /// The server's recent log lines; the application's logger must write into it.
    public var recentLogLines: RecentLogLines
    /// The token the page must present: the API signs webhooks with the auth token, so only the
    /// developer who saw the start-up log may use it, not any local process.
    public var session: SharedToken

    /// A softphone showing lines from `recentLogLines`, with a fresh session token by default.
    public init(recentLogLines: RecentLogLines, session: SharedToken = .random()) {
        self.recentLogLines = recentLogLines
        self.session = session
    }
}
