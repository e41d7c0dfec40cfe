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
        try accounts.withLock { accounts throws(AccountDirectoryError) in
            guard accounts[credentialHash] == nil else { throw .credentialInUse }
            accounts[credentialHash] = account
        }
    }

    public func remove(accountNumber: String) async throws -> Int {
        accounts.withLock { accounts in
            let filed = accounts.filter { $0.value.number == accountNumber }.keys
            for key in filed { accounts[key] = nil }
            return filed.count
        }
    }

    public func accountNumbers() async throws -> [String] {
        accounts.withLock { Set($0.values.map(\.number)).sorted() }
    }
}
