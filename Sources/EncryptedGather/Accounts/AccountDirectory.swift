/// Where callers are looked up. Implementations receive only the opaque credential hash of the
/// caller's identity values, never digits.
public protocol AccountDirectory: Sendable {
    /// The account filed under `credentialHash`, if any.
    func account(credentialHash: CredentialHash) async throws -> Account?

    /// Files `account` under `credentialHash`, replacing what was filed there.
    func add(_ account: Account, credentialHash: CredentialHash) async throws
}
