/// Why a recording key could not be loaded, found or used. Its `description` is one line and
/// never contains key material.
public struct RecordingKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case unreadableKeyFile(path: String, errno: Int32)
        case keyFileTooLarge(path: String)
        case notAPrivateKey(source: String)
        case publicKeyInsteadOfPrivate(source: String)
        case passphraseProtected(source: String)
        case notAPublicKey(source: String)
        case privateKeyInsteadOfPublic(source: String)
        case encryptedCEKWrongSize(byteCount: Int, expected: Int, sid: PublicKeySid?)
        case unwrapFailed(source: String, sid: PublicKeySid?)
        case contentKeyWrongLength(byteCount: Int)
        case wrapFailed(source: String)
        case missingKey(sid: PublicKeySid, directory: String)
        case unreadableKeyDirectory(path: String, errno: Int32)
        case keyFileTooOpen(path: String, mode: UInt32)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The key ring has no key for the SID yet: the operator may still add it.
    public var isMissingKey: Bool {
        if case .missingKey = code { true } else { false }
    }

    /// The operator can mend it without new data: a key not added yet, or a key file to chmod.
    public var isMendable: Bool {
        switch code {
        case .missingKey, .keyFileTooOpen: true
        default: false
        }
    }

    /// A private key file that group or others may read: refused each time it is loaded.
    public static func keyFileTooOpen(path: String, mode: UInt32) -> Self { Self(.keyFileTooOpen(path: path, mode: mode)) }

    /// A key file could not be opened or read (`errno` says why).
    public static func unreadableKeyFile(path: String, errno: Int32) -> Self {
        Self(.unreadableKeyFile(path: path, errno: errno))
    }

    /// A key file is far larger than any PEM key.
    public static func keyFileTooLarge(path: String) -> Self { Self(.keyFileTooLarge(path: path)) }

    /// Not a PEM RSA private key of 2048 bits or more.
    public static func notAPrivateKey(source: String) -> Self { Self(.notAPrivateKey(source: source)) }

    /// A public key was given where the private key is needed.
    public static func publicKeyInsteadOfPrivate(source: String) -> Self {
        Self(.publicKeyInsteadOfPrivate(source: source))
    }

    /// The private key is encrypted with a passphrase.
    public static func passphraseProtected(source: String) -> Self { Self(.passphraseProtected(source: source)) }

    /// Not a PEM RSA public key of 2048 bits or more.
    public static func notAPublicKey(source: String) -> Self { Self(.notAPublicKey(source: source)) }

    /// A private key was given where the public key is expected.
    public static func privateKeyInsteadOfPublic(source: String) -> Self {
        Self(.privateKeyInsteadOfPublic(source: source))
    }

    /// The wrapped CEK is not as long as this key's modulus, so it was made for another key.
    public static func encryptedCEKWrongSize(byteCount: Int, expected: Int, sid: PublicKeySid?) -> Self {
        Self(.encryptedCEKWrongSize(byteCount: byteCount, expected: expected, sid: sid))
    }

    /// RSA-OAEP unwrapping failed: almost always the wrong private key.
    public static func unwrapFailed(source: String, sid: PublicKeySid?) -> Self {
        Self(.unwrapFailed(source: source, sid: sid))
    }

    /// A CEK that is not 32 bytes long.
    public static func contentKeyWrongLength(byteCount: Int) -> Self {
        Self(.contentKeyWrongLength(byteCount: byteCount))
    }

    /// RSA-OAEP wrapping with a public key failed.
    public static func wrapFailed(source: String) -> Self { Self(.wrapFailed(source: source)) }

    /// The key ring has no `CR….pem` for this SID.
    public static func missingKey(sid: PublicKeySid, directory: String) -> Self {
        Self(.missingKey(sid: sid, directory: directory))
    }

    /// The key ring's directory could not be listed.
    public static func unreadableKeyDirectory(path: String, errno: Int32) -> Self {
        Self(.unreadableKeyDirectory(path: path, errno: errno))
    }

    /// One line, naming files and SIDs but never key material.
    public var description: String {
        switch code {
        case .unreadableKeyFile(let path, let errno):
            "cannot read key file \(path): \(SystemCallError.message(errno))"
        case .keyFileTooLarge(let path):
            "\(path) is too large to be a PEM key"
        case .notAPrivateKey(let source):
            "\(source) is not a PEM RSA private key (PKCS#1 or PKCS#8, 2048 bits or more)"
        case .publicKeyInsteadOfPrivate(let source):
            "\(source) is a public key; decrypting needs the private key"
        case .passphraseProtected(let source):
            "\(source) is passphrase-protected; write an unprotected copy with openssl pkey"
        case .notAPublicKey(let source):
            "\(source) is not a PEM RSA public key (2048 bits or more)"
        case .privateKeyInsteadOfPublic(let source):
            "\(source) is a private key; encrypting takes the public key (openssl rsa -in KEY -pubout)"
        case .encryptedCEKWrongSize(let byteCount, let expected, let sid):
            "encrypted_cek is \(byteCount) bytes but this key unwraps \(expected)-byte CEKs"
                + Self.wrongKeyHint(sid)
        case .unwrapFailed(let source, let sid):
            "the CEK could not be unwrapped with \(source)" + Self.wrongKeyHint(sid)
        case .contentKeyWrongLength(let byteCount):
            "the CEK is \(byteCount) bytes; AES-256 needs 32"
        case .wrapFailed(let source):
            "the CEK could not be wrapped with \(source)"
        case .missingKey(let sid, let directory):
            "no private key for public_key_sid \(sid) in \(directory) (expected \(sid).pem); "
                + "Twilio may have fallen back to another of your public keys (error 16107)"
        case .keyFileTooOpen(let path, let mode):
            "private key \(path) has permissions \(String(mode, radix: 8)), open to others; run chmod 600 \(path)"
        case .unreadableKeyDirectory(let path, let errno):
            "cannot list key directory \(path): \(SystemCallError.message(errno))"
        }
    }

    private static func wrongKeyHint(_ sid: PublicKeySid?) -> String {
        if let sid { " (wrong key for public_key_sid \(sid)?)" } else { " (wrong key?)" }
    }
}
