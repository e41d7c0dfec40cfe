import EncryptedGather
import Logging
import ServiceLifecycle

/// Keeps the SQLite account directory open for the server's life and closes it at shutdown.
public struct AccountDirectoryService: Service {
    /// The directory the routes use.
    public let directory: SQLiteAccountDirectory

    /// Opens `configuration.accountsDatabase`, seeding the flow's demo caller in dev mode.
    public static func open(configuration: ServerConfiguration, logger: Logger) async throws(ConfigurationError) -> AccountDirectoryService {
        let directory = try await SQLiteAccountDirectory.open(
            path: configuration.accountsDatabase, hashKeyID: configuration.credentialHasher?.keyID, logger: logger)
        if configuration.isDevelopment, let demo = configuration.flow.demo, let hasher = configuration.credentialHasher {
            do {
                let credential = try configuration.flow.credentialHash(for: demo.values, hasher: hasher)
                try await directory.add(demo.account, credentialHash: credential)
            } catch {
                await directory.close()
                throw .file(configuration.accountsDatabase, "cannot seed the demo account: \(error)")
            }
        }
        return AccountDirectoryService(directory: directory)
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await directory.close()
    }
}
