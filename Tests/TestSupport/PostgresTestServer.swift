import Foundation

/// The PostgreSQL server the tests use: `POSTGRES_TEST_URL`, which `scripts/test` exports from
/// `scripts/postgres-test-server`. Unset, the PostgreSQL cases are left out, except with
/// `CI=true`, where they run and fail: CI must never pass without having tested PostgreSQL.
public enum PostgresTestServer {
    static var url: String? { ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether the PostgreSQL cases run.
    public static var isRequired: Bool { url != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A URL for a schema of its own, new and empty (created by the first store to open it), so
    /// tests never see each other's rows.
    public static func freshSchemaURL() throws -> String {
        guard let url else { throw Missing() }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return url + (url.contains("?") ? "&" : "?") + "search_path=\(schema)"
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "POSTGRES_TEST_URL is not set (CI=true): run scripts/postgres-test-server and export its URL" }
    }
}
