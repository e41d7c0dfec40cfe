import Synchronization

/// An account directory in memory, for tests.
public final class InMemoryAccountDirectory: AccountDirectory {
    private let accounts = Mutex<[CredentialHash: Account]>([:])

    /// An empty directory.
    public init() {}

    public func account(credentialHash: CredentialHash) async throws -> Account? {
        accounts.withLock { $0[credentialHash] }
    }

    public func add(_ account: Account, credentialHash: CredentialHash) async throws {
        accounts.withLock { $0[credentialHash] = account }
    }
}
