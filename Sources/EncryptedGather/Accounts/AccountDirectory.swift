/// Where callers are looked up. Implementations receive only the opaque credential hash of the
/// caller's identity values, never digits.
public protocol AccountDirectory: Sendable {
    /// The account filed under `credentialHash`, if any.
    func account(credentialHash: CredentialHash) async throws -> Account?

    /// Files `account` under `credentialHash`.
    ///
    /// - Throws: `AccountDirectoryError.credentialInUse` when any account is filed there already:
    ///   identity values verify one caller and never choose between two.
    func add(_ account: Account, credentialHash: CredentialHash) async throws

    /// Removes every credential of `accountNumber`; how many there were.
    func remove(accountNumber: String) async throws -> Int

    /// Every account number filed, each once, sorted.
    func accountNumbers() async throws -> [String]
}

/// Why a directory refused a change.
public enum AccountDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another account (or this one) already has these identity values.
    case credentialInUse

    public var description: String {
        switch self {
        case .credentialInUse: "another account already has these identity values; remove it first (accounts remove --account)"
        }
    }
}
