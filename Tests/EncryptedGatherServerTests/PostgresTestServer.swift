import Foundation

/// `POSTGRES_TEST_URL` (exported by `scripts/test` from `scripts/postgres-test-server`). Unset,
/// the PostgreSQL tests are skipped, except with `CI=true`, where they run and fail.
enum PostgresTestServer {
    static var url: String? { ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether the PostgreSQL tests run.
    static var isRequired: Bool { url != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The URL with a schema of its own, new and empty (created by the first server to start).
    static func freshSchemaURL() throws -> String {
        guard let url else { throw Missing() }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return url + (url.contains("?") ? "&" : "?") + "search_path=\(schema)"
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "POSTGRES_TEST_URL is not set (CI=true): run scripts/postgres-test-server and export its URL" }
    }
}
