/// Downloads a recording's encrypted media: Twilio's REST API in production, a fake in tests.
public protocol RecordingFetcher: Sendable {
    /// Downloads `url` into the file at `path` (created, owner-only).
    /// - Throws: `RecordingFetchError`; `isRetryable` says whether trying later may help.
    func fetch(_ url: String, to path: String) async throws(RecordingFetchError)
}

/// Why a download failed, and whether to try again.
public struct RecordingFetchError: Error, Sendable, CustomStringConvertible {
    /// One line for the log and the journal.
    public let description: String
    /// Network errors, 5xx and 404 (media not ready yet) are worth retrying; 401/403 are not.
    public let isRetryable: Bool

    /// A failure with `description`.
    public init(_ description: String, isRetryable: Bool) {
        self.description = description
        self.isRetryable = isRetryable
    }
}

/// How long to wait between download attempts and when to give up.
public struct RetryPolicy: Sendable {
    /// The first wait.
    public var initialDelay: Duration
    /// The longest wait.
    public var maximumDelay: Duration
    /// Attempts before the job moves to `failed/`.
    public var maximumAttempts: Int

    /// 2 s doubling to 5 min, 12 attempts (about half an hour in all).
    public static let standard = RetryPolicy(initialDelay: .seconds(2), maximumDelay: .seconds(300), maximumAttempts: 12)

    /// A policy.
    public init(initialDelay: Duration, maximumDelay: Duration, maximumAttempts: Int) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The wait after `attempts` failed attempts: exponential, capped.
    public func delay(afterAttempts attempts: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(1, attempts) where delay < maximumDelay { delay *= 2 }
        return min(delay, maximumDelay)
    }
}
