import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL server named by a `postgres://` or `postgresql://` URL
/// (`postgres://user:password@host:5432/database?sslmode=require`). Its description never shows
/// the password.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted (`sslmode`), with libpq's names.
    public enum SSLMode: String, Sendable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or no connection, without checking the certificate.
        case require
        /// TLS with the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public let host: String
    /// The server's port (5432 when the URL names none).
    public let port: Int
    /// The role to log in as.
    public let username: String
    /// Its password, if the URL has one; never printed.
    public let password: String?
    /// The database (the role's name when the URL names none).
    public let database: String
    /// `sslmode`, `prefer` when the URL says nothing.
    public let sslMode: SSLMode
    /// The schema the tables live in (`search_path`), created at start; PostgreSQL's default
    /// (`public`) when the URL names none. Lets several deployments, or tests, share a database.
    public let schema: String?

    /// Whether `text` names PostgreSQL rather than an SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Parses `text`, percent-decoding its parts.
    ///
    /// - Throws: a one-line `ConfigurationError` naming `setting` that never repeats the password.
    public init(_ text: String, setting: String) throws(ConfigurationError) {
        func invalid(_ expected: String) -> ConfigurationError {
            .other("\(setting) is not a usable PostgreSQL URL (\(Self.redacted(text))): expected \(expected)")
        }
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw invalid("postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("a host") }
        guard let username = components.user, !username.isEmpty else { throw invalid("a user name before the host") }
        if let port = components.port, !(1...65535).contains(port) { throw invalid("a port from 1 to 65535") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw invalid("one database name after the host") }
        var sslMode = SSLMode.prefer
        var schema: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw invalid("sslmode disable, prefer, require or verify-full")
                }
                sslMode = mode
            case "search_path":
                guard let name = item.value, !name.isEmpty, name.count <= 63,
                      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
                else { throw invalid("search_path to be one schema name of letters, digits and _") }
                schema = name
            default:
                throw invalid("no query setting but sslmode and search_path")
            }
        }
        // URLComponents percent-decodes the user and password but leaves a host in brackets.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        self.username = username
        self.password = components.password
        self.database = path.isEmpty ? username : (path.removingPercentEncoding ?? path)
        self.sslMode = sslMode
        self.schema = schema
    }

    /// The URL with its password replaced by `***`.
    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
            + (schema.map { "&search_path=\($0)" } ?? "")
    }

    /// `text` with whatever sits between `://user:` and `@` replaced by `***`: for messages about
    /// a URL too broken to parse.
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        let credentials = rest[..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(rest[at...])
    }

    /// The client configuration for this server.
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    private var startupParameters: [(String, String)] {
        schema.map { [("search_path", $0)] } ?? []
    }

    /// The single-connection configuration for this server (start-up work).
    public var connectionConfiguration: PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch sslMode {
        case .disable: .disable
        case .prefer: .prefer(try! NIOSSLContext(configuration: Self.unverified))
        case .require: .require(try! NIOSSLContext(configuration: Self.unverified))
        case .verifyFull: .require(try! NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    private var tls: PostgresClient.Configuration.TLS {
        switch sslMode {
        case .disable: .disable
        case .prefer: .prefer(Self.unverified)
        case .require: .require(Self.unverified)
        case .verifyFull: .require(.makeClientConfiguration())
        }
    }

    /// libpq's `prefer` and `require` encrypt without checking whose certificate it is.
    private static var unverified: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }
}
