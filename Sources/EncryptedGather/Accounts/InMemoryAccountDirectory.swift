import Synchronization

/// An account directory in memory, for tests.
public final class InMemoryAccountDirectory: AccountDirectory {
    private let hasher: CredentialHasher
    private let accounts = Mutex<[String: Account]>([:])

    /// An empty directory filing under `hasher`.
    public init(hasher: CredentialHasher) {
        self.hasher = hasher
    }

    public func account(cardLast4: Digits, pin: Digits) async throws -> Account? {
        let key = hasher.credentialHash(cardLast4: cardLast4, pin: pin)
        return accounts.withLock { $0[key] }
    }

    public func add(_ account: Account, cardLast4: Digits, pin: Digits) async throws {
        let key = hasher.credentialHash(cardLast4: cardLast4, pin: pin)
        accounts.withLock { $0[key] = account }
    }
}
