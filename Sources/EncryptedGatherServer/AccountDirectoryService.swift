import EncryptedGather
import Logging
import ServiceLifecycle

/// Keeps the store (accounts, lockouts, used ciphertexts and, in PostgreSQL, recording jobs) open
/// for the server's life: SQLite's file is closed at shutdown; PostgreSQL's pool runs as this
/// service and stops with it.
public struct AccountDirectoryService: Service {
    /// The store as opened.
    public let opened: OpenedStore
    /// The lockouts and used ciphertexts, kept in the same store.
    public var guards: VerificationGuards

    /// The directory the routes use.
    public var directory: any GuardedAccountStore { opened.store }

    /// Opens `configuration.accountsDatabase`, seeding the flow's demo caller in dev mode.
    public static func open(configuration: ServerConfiguration, logger: Logger) async throws(ConfigurationError) -> AccountDirectoryService {
        let location = try DatabaseLocation(configuration.accountsDatabase, setting: configuration.accountsDatabaseSetting)
        var demo: (account: Account, credential: CredentialHash)?
        if configuration.isDevelopment, let account = configuration.flow.demo, let hasher = configuration.credentialHasher {
            do {
                demo = (account.account, try configuration.flow.credentialHash(for: account.values, hasher: hasher))
            } catch {
                throw .file(location.description, "cannot seed the demo account: \(error)")
            }
        }
        let opened = try await OpenedStore.open(
            location, setting: configuration.accountsDatabaseSetting, hashKeyID: configuration.credentialHasher?.keyID, demo: demo, logger: logger)
        // The URL's description hides its password.
        logger.info("store ready", metadata: [configuration.accountsDatabaseSetting: .string(location.description)])
        return AccountDirectoryService(opened: opened, guards: VerificationGuards(store: opened.store, settings: configuration.guards))
    }

    public func run() async throws {
        if opened.client != nil {
            // Ends at graceful shutdown; this service is listed early, so it stops after the
            // routes and the recording pipeline that use it.
            await opened.runPool()
        } else {
            try? await gracefulShutdown()
            await opened.close()
        }
    }
}
