import EncryptedGather
import Logging
import ServiceLifecycle

/// Keeps the SQLite account directory open for the server's life and closes it at shutdown.
public struct AccountDirectoryService: Service {
    /// The directory the routes use.
    public let directory: SQLiteAccountDirectory

    /// Opens `configuration.accountsDatabase`, seeding the demo account in dev mode.
    public static func open(configuration: ServerConfiguration, logger: Logger) async throws(ConfigurationError) -> AccountDirectoryService {
        let directory = try await SQLiteAccountDirectory.open(
            path: configuration.accountsDatabase, hasher: configuration.credentialHasher, logger: logger)
        if configuration.isDevelopment {
            do {
                try await directory.add(DemoAccount.account, cardLast4: DemoAccount.cardLast4, pin: DemoAccount.pin)
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
