import Foundation

/// The keys that seal and open gathered values, as the role and mode need them.
public struct CipherConfiguration: Sendable {
    /// `CIPHER_MODE`: how new values are sealed.
    public var mode: CipherMode
    /// `AES_SECRET`: seals in tutorial mode; opens tutorial values on the verifier.
    public var aesSecret: AESSecret?
    /// `AES_SECRET_PREVIOUS`: up to 3 earlier keys, for opening only, during a rotation.
    public var previousAESSecrets: [AESSecret]
    /// `SEALING_PUBLIC_KEY`: the key the gather side seals to in sealed mode.
    public var sealingPublicKeyPath: String?
    /// `SEALING_KEYS_DIR`: the verifier's sealing private keys.
    public var sealingKeysDirectory: String?
    /// `CIPHERTEXT_TTL`: seconds a sealed value stays valid (default 900).
    public var timeToLiveSeconds: Int

    /// Keys given directly.
    public init(
        mode: CipherMode = .tutorial, aesSecret: AESSecret? = nil, previousAESSecrets: [AESSecret] = [],
        sealingPublicKeyPath: String? = nil, sealingKeysDirectory: String? = nil, timeToLiveSeconds: Int = 900
    ) {
        self.mode = mode
        self.aesSecret = aesSecret
        self.previousAESSecrets = previousAESSecrets
        self.sealingPublicKeyPath = sealingPublicKeyPath
        self.sealingKeysDirectory = sealingKeysDirectory
        self.timeToLiveSeconds = timeToLiveSeconds
    }

    /// Reads the keys `role` needs in the chosen mode, refusing what a sealed gather host must
    /// not hold.
    public init(settings: Settings, role: ServerRole) throws(ConfigurationError) {
        let modeText = settings["CIPHER_MODE"] ?? CipherMode.tutorial.rawValue
        guard let mode = CipherMode(rawValue: modeText) else {
            throw .invalidSetting("CIPHER_MODE", value: modeText, expected: "tutorial or sealed")
        }
        if role == .gather, mode == .sealed {
            // This host must not hold anything that opens a value.
            for name in ["AES_SECRET", "AES_SECRET_PREVIOUS", "SEALING_KEYS_DIR", "PIN_HASH_KEY"] where settings[name] != nil {
                throw .other("\(name) is set, but a gather host in sealed mode must hold no key that decrypts: unset it here and give it to the verifier")
            }
        }
        let ttlText = settings["CIPHERTEXT_TTL"] ?? "900"
        guard let ttl = Int(ttlText), (10...86_400).contains(ttl) else {
            throw .invalidSetting("CIPHERTEXT_TTL", value: ttlText, expected: "seconds from 10 to 86400")
        }
        let needsAES = mode == .tutorial && role.servesWebhooks
        let aesSecret: AESSecret? = try (needsAES || settings["AES_SECRET"] != nil) ? AESSecret(hex: settings["AES_SECRET"] ?? "") : nil
        var previous: [AESSecret] = []
        if let list = settings["AES_SECRET_PREVIOUS"] {
            let entries = list.split(separator: ",").map(String.init)
            guard (1...3).contains(entries.count) else {
                throw .malformedSecret("AES_SECRET_PREVIOUS", expected: "1 to 3 comma-separated keys of 64 hex characters")
            }
            do {
                previous = try entries.map { entry throws(ConfigurationError) in try AESSecret(hex: entry) }
            } catch {
                throw .malformedSecret("AES_SECRET_PREVIOUS", expected: "1 to 3 comma-separated keys of 64 hex characters")
            }
        }
        let publicKeyPath = settings["SEALING_PUBLIC_KEY"]
        if mode == .sealed, role.servesWebhooks, publicKeyPath == nil {
            throw .missingSecret("SEALING_PUBLIC_KEY")
        }
        let keysDirectory = settings["SEALING_KEYS_DIR"]
        if role.servesVerifier, mode == .sealed, keysDirectory == nil {
            throw .missingSecret("SEALING_KEYS_DIR")
        }
        if role == .verifier, aesSecret == nil, keysDirectory == nil {
            throw .other("the verifier holds no key: set AES_SECRET (tutorial values), SEALING_KEYS_DIR (sealed values), or both")
        }
        self.init(
            mode: mode, aesSecret: aesSecret, previousAESSecrets: previous, sealingPublicKeyPath: publicKeyPath,
            sealingKeysDirectory: keysDirectory, timeToLiveSeconds: ttl)
    }
}
