import Crypto
import Foundation

/// HMAC under one key whose padded inner and outer blocks are hashed once, not per message:
/// `HMAC(key:)` costs two hash blocks and several allocations, and the hot paths (Twilio's
/// signature, the credential hash, lockout keys) each ran it on every request.
struct PreparedHMAC<H: HashFunction>: Sendable {
    private let keyed: HMAC<H>

    init(key: SymmetricKey) {
        keyed = HMAC(key: key)
    }

    /// The same code as `HMAC<H>.authenticationCode(for:using:)` with the key.
    func authenticationCode(for message: some DataProtocol) -> HashedAuthenticationCode<H> {
        var authenticator = keyed
        authenticator.update(data: message)
        return authenticator.finalize()
    }
}

extension PreparedHMAC: CustomStringConvertible, CustomDebugStringConvertible {
    // The hash states stand in for the key: never printed, not even as a value in a message.
    var description: String { "PreparedHMAC(redacted)" }
    var debugDescription: String { description }
}
