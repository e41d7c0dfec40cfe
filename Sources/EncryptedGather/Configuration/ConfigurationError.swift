import Foundation

/// A setting that stops start-up. Its description is the one line the operator sees; it names the
/// setting and what was expected, never the value given.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The one-line message.
    public let description: String

    private init(_ description: String) {
        self.description = description
    }

    /// A required secret is not set.
    public static func missingSecret(_ name: String) -> Self {
        Self("\(name) is not set: pass --\(flagName(name)) or set \(name) (or run `serve --dev` for local defaults)")
    }

    /// A secret is set but has the wrong form.
    public static func malformedSecret(_ name: String, expected: String) -> Self {
        Self("\(name) is malformed: expected \(expected)")
    }

    /// A non-secret setting has an unusable value; safe to echo.
    public static func invalidSetting(_ name: String, value: String, expected: String) -> Self {
        Self("\(name) is invalid (\(value)): expected \(expected)")
    }

    /// A file the configuration depends on is missing, unreadable or unsafe.
    public static func file(_ path: String, _ problem: String) -> Self {
        Self("\(path): \(problem)")
    }

    /// Anything else, already phrased as one line.
    public static func other(_ message: String) -> Self {
        Self(message)
    }

    /// `AES_SECRET` → `aes-secret`: every environment variable is also a kebab-case flag.
    public static func flagName(_ environmentName: String) -> String {
        environmentName.lowercased().replacingOccurrences(of: "_", with: "-")
    }
}
