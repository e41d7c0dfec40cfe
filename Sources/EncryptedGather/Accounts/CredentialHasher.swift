import Crypto
import Foundation

/// The keyed hash under which the directory files a caller: HMAC-SHA256 over the card digits and
/// PIN together.
///
/// A slow password hash buys nothing for 10⁸ combinations and would cost the verifier its speed;
/// the protection is the key, kept outside the database, so a stolen database alone reveals
/// neither PINs nor which card digits go with which account.
public struct CredentialHasher: Sendable {
    private let key: SymmetricKey

    /// A hasher under `PIN_HASH_KEY`.
    public init(key: SymmetricKey) {
        self.key = key
    }

    /// The key derived from `AES_SECRET` with HKDF under its own label, used when no
    /// `PIN_HASH_KEY` is set, so a newcomer needs no extra setting.
    public init(derivingFrom secret: AESSecret) {
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: secret.key,
            info: Data("encrypted-gather/pin-hash/v1".utf8),
            outputByteCount: 32
        )
    }

    /// `PIN_HASH_KEY` (64+ hex characters) when set, else the key derived from `AES_SECRET`.
    public init(settings: Settings, aesSecret: AESSecret) throws(ConfigurationError) {
        guard let text = settings["PIN_HASH_KEY"] else {
            self.init(derivingFrom: aesSecret)
            return
        }
        guard let bytes = Hex.decode(text), bytes.count >= 32 else {
            throw .malformedSecret("PIN_HASH_KEY", expected: "at least 64 hex characters (32 bytes)")
        }
        self.init(key: SymmetricKey(data: bytes))
    }

    /// The lookup key for this card and PIN, as lowercase hex.
    public func credentialHash(cardLast4: Digits, pin: Digits) -> String {
        // Length-prefixed fields, so ("12", "34") and ("1", "234") can never collide.
        var message = Data("v1".utf8)
        for field in [cardLast4, pin] {
            field.withPlaintext { text in
                withUnsafeBytes(of: UInt32(text.utf8.count).bigEndian) { message.append(contentsOf: $0) }
                message.append(contentsOf: text.utf8)
            }
        }
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }
}
