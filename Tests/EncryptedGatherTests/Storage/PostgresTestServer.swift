import EncryptedGather
import TestSupport

extension PostgresTestServer {
    /// `freshSchemaURL()`, parsed as the stores take it.
    static func freshSchema() throws -> PostgresURL {
        try PostgresURL(freshSchemaURL(), setting: "POSTGRES_TEST_URL")
    }
}
