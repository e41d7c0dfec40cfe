/// How many failed verifications lock a card or a caller, and for how long:
/// `LOCKOUT_MAX_FAILURES` within `LOCKOUT_WINDOW` seconds lock for `LOCKOUT_DURATION` seconds,
/// doubling with each repeat lockout up to 24 hours.
public struct LockoutPolicy: Sendable, Equatable {
    /// Failures that lock (default 5).
    public var maximumFailures: Int
    /// Seconds over which failures count (default 900).
    public var windowSeconds: Int64
    /// Seconds of the first lockout (default 900); each repeat doubles it.
    public var durationSeconds: Int64
    /// The longest lockout: 24 hours.
    public static let longestLockoutSeconds: Int64 = 86_400

    /// A policy; the defaults are 5 failures in 15 minutes lock for 15 minutes.
    public init(maximumFailures: Int = 5, windowSeconds: Int64 = 900, durationSeconds: Int64 = 900) {
        self.maximumFailures = maximumFailures
        self.windowSeconds = windowSeconds
        self.durationSeconds = durationSeconds
    }

    /// Reads `LOCKOUT_MAX_FAILURES`, `LOCKOUT_WINDOW` and `LOCKOUT_DURATION` (seconds).
    public init(settings: Settings) throws(ConfigurationError) {
        func number(_ name: String, _ fallback: Int64, _ range: ClosedRange<Int64>, _ unit: String) throws(ConfigurationError) -> Int64 {
            let text = settings[name] ?? String(fallback)
            guard let value = Int64(text), range.contains(value) else {
                throw .invalidSetting(name, value: text, expected: "\(unit) from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        self.init(
            maximumFailures: Int(try number("LOCKOUT_MAX_FAILURES", 5, 1...1000, "a count")),
            windowSeconds: try number("LOCKOUT_WINDOW", 900, 1...86_400, "seconds"),
            durationSeconds: try number("LOCKOUT_DURATION", 900, 1...86_400, "seconds"))
    }

    /// The length of lockout number `count` (from 1): doubling, at most 24 hours.
    public func lockoutSeconds(forLockout count: Int) -> Int64 {
        var seconds = min(durationSeconds, Self.longestLockoutSeconds)
        for _ in 1..<max(1, min(count, 32)) {
            seconds = min(seconds * 2, Self.longestLockoutSeconds)
        }
        return seconds
    }
}
