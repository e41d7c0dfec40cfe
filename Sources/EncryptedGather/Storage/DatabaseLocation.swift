import Foundation

/// Where the store lives, as `ACCOUNTS_DB` (or `DATABASE_URL`) says: a `postgres://` or
/// `postgresql://` URL selects PostgreSQL, anything else is the embedded SQLite file's path.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// The embedded store, one file for one instance.
    case sqlite(path: String)
    /// A server several instances share.
    case postgres(PostgresURL)

    /// The embedded default: zero-config.
    public static let defaultPath = ".encrypted-gather/accounts.sqlite"

    /// `ACCOUNTS_DB`, else a PostgreSQL `DATABASE_URL` (the name hosting platforms give it),
    /// else the default file; with the name of the setting it came from.
    public static func setting(in settings: Settings) -> (name: String, value: String) {
        if let value = settings["ACCOUNTS_DB"] { return ("ACCOUNTS_DB", value) }
        if let value = settings["DATABASE_URL"], PostgresURL.isPostgres(value) { return ("DATABASE_URL", value) }
        return ("ACCOUNTS_DB", defaultPath)
    }

    /// Parses `text`, the value of `setting`.
    ///
    /// - Throws: one line for a malformed PostgreSQL URL, or another URL scheme, never its password.
    public init(_ text: String, setting: String = "ACCOUNTS_DB") throws(ConfigurationError) {
        if PostgresURL.isPostgres(text) {
            self = .postgres(try PostgresURL(text, setting: setting))
        } else if let scheme = text.range(of: "://"), !text[..<scheme.lowerBound].contains("/") {
            throw .other("\(setting) names a database this build cannot use (\(PostgresURL.redacted(text))): expected a postgres:// URL or an SQLite file's path")
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The path, or the URL without its password: safe in any message.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.description
        }
    }
}
