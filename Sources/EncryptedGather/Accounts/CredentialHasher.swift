import Crypto
import Foundation

/// The keyed hash under which the directory files a caller: HMAC-SHA256 over the identity fields
/// of the flow (the tutorial's: card digits and PIN) together.
///
/// A slow password hash buys nothing for 10⁸ combinations and would cost the verifier its speed;
/// the protection is the key, kept outside the database, so a stolen database alone reveals
/// neither PINs nor which card digits go with which account.
public struct CredentialHasher: Sendable {
    private let key: SymmetricKey
    private let hmac: PreparedHMAC<SHA256>
    /// Whether the key was derived from `AES_SECRET` rather than given as `PIN_HASH_KEY`: then
    /// rotating `AES_SECRET` would change every hash.
    public let isDerivedFromAESSecret: Bool

    /// A hasher under `PIN_HASH_KEY`.
    public init(key: SymmetricKey) {
        self.init(key: key, isDerivedFromAESSecret: false)
    }

    /// The key derived from `AES_SECRET` with HKDF under its own label, used when no
    /// `PIN_HASH_KEY` is set, so a newcomer needs no extra setting.
    public init(derivingFrom secret: AESSecret) {
        self.init(key: HKDF<SHA256>.deriveKey(
            inputKeyMaterial: secret.key,
            info: Data("encrypted-gather/pin-hash/v1".utf8),
            outputByteCount: 32
        ), isDerivedFromAESSecret: true)
    }

    private init(key: SymmetricKey, isDerivedFromAESSecret: Bool) {
        self.key = key
        self.hmac = PreparedHMAC(key: key)
        self.isDerivedFromAESSecret = isDerivedFromAESSecret
    }

    /// `PIN_HASH_KEY` (64+ hex characters) when set. Without it, the key derived from
    /// `AES_SECRET`: always in `--dev`, and in tutorial mode for directories made before
    /// `PIN_HASH_KEY` existed (the server warns). Sealed mode requires `PIN_HASH_KEY`.
    public init(settings: Settings, aesSecret: AESSecret?, mode: CipherMode = .tutorial, isDevelopment: Bool = false) throws(ConfigurationError) {
        guard let text = settings["PIN_HASH_KEY"] else {
            guard let aesSecret, isDevelopment || mode == .tutorial else { throw .missingSecret("PIN_HASH_KEY") }
            self.init(derivingFrom: aesSecret)
            return
        }
        guard let bytes = Hex.decode(text), bytes.count >= 32 else {
            throw .malformedSecret("PIN_HASH_KEY", expected: "at least 64 hex characters (32 bytes)")
        }
        self.init(key: SymmetricKey(data: bytes))
    }

    /// Names the key without revealing it: the first 16 hex characters of an HMAC of a fixed
    /// label. The directory records it, so a directory is never read with another key.
    public var keyID: String {
        String(Hex.encode(HMAC<SHA256>.authenticationCode(for: Data("encrypted-gather/pin-hash-key-id".utf8), using: key)).prefix(16))
    }

    /// The key as 64 hex characters, for `keygen --pin-hash-key-from-aes-secret`, which turns a
    /// derived key into an explicit `PIN_HASH_KEY`.
    public var hexRepresentation: String {
        key.withUnsafeBytes { Hex.encode($0) }
    }

    /// HMAC-SHA256 of `message` under the key, lowercase hex: for other keyed hashes of the
    /// same values (lockout keys) under labels of their own.
    func authenticationCode(for message: Data) -> String {
        Hex.encode(hmac.authenticationCode(for: message))
    }

    /// The lookup key for a caller's identity values, in flow order.
    public func credentialHash(of values: [Digits]) -> CredentialHash {
        // Length-prefixed fields, so ("12", "34") and ("1", "234") can never collide. With the
        // tutorial's two fields this is the format of the first release: its directories still
        // match.
        var message = Data("v1".utf8)
        for field in values {
            field.withPlaintext { text in
                withUnsafeBytes(of: UInt32(text.utf8.count).bigEndian) { message.append(contentsOf: $0) }
                message.append(contentsOf: text.utf8)
            }
        }
        return CredentialHash(hex: Hex.encode(hmac.authenticationCode(for: message)))
    }
}

/// The opaque key a directory files an account under: HMAC-SHA256 of the identity values, as
/// lowercase hex. Backends see this, never digits.
public struct CredentialHash: Sendable, Hashable, CustomStringConvertible {
    /// 64 lowercase hex characters.
    public let hex: String

    /// Wraps a hash read back from storage.
    public init(hex: String) {
        self.hex = hex
    }

    /// A short prefix, enough to tell entries apart in a log line and too short to look up.
    public var description: String { String(hex.prefix(8)) }
}
