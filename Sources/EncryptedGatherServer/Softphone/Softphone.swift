/// What the dev-only softphone at `/simulator` needs beyond the configuration: the buffer of
/// recent log lines it shows beside each step. Given to `buildApplication` by `serve --dev`.
public struct Softphone: Sendable {
    /// The server's recent log lines; the application's logger must write into it.
    public var recentLogLines: RecentLogLines

    /// A softphone showing lines from `recentLogLines`.
    public init(recentLogLines: RecentLogLines) {
        self.recentLogLines = recentLogLines
    }
}
