import EncryptedGather
import Logging
import ServiceLifecycle

/// Keeps the SQLite store (accounts, lockouts, used ciphertexts) open for the server's life and
/// closes it at shutdown.
public struct AccountDirectoryService: Service {
    /// The directory the routes use.
    public let directory: SQLiteStore
    /// The lockouts and used ciphertexts, kept in the same file.
    public var guards: VerificationGuards

    /// Opens `configuration.accountsDatabase`, seeding the flow's demo caller in dev mode.
    public static func open(configuration: ServerConfiguration, logger: Logger) async throws(ConfigurationError) -> AccountDirectoryService {
        let directory = try await SQLiteStore.open(
            path: configuration.accountsDatabase, hashKeyID: configuration.credentialHasher?.keyID, logger: logger)
        if configuration.isDevelopment, let demo = configuration.flow.demo, let hasher = configuration.credentialHasher {
            do {
                let credential = try configuration.flow.credentialHash(for: demo.values, hasher: hasher)
                // Seeded at every start; the demo caller's values are filed once.
                if try await directory.account(credentialHash: credential) == nil {
                    try await directory.add(demo.account, credentialHash: credential)
                }
            } catch {
                await directory.close()
                throw .file(configuration.accountsDatabase, "cannot seed the demo account: \(error)")
            }
        }
        return AccountDirectoryService(directory: directory, guards: VerificationGuards(store: directory, settings: configuration.guards))
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await directory.close()
    }
}
