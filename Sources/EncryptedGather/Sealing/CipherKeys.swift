import Foundation

/// The keys a process holds, loaded from its `CipherConfiguration`: what seals on the gather side
/// and what opens on the verifier, with the files they came from so SIGHUP can read them again.
public struct CipherKeys: Sendable {
    /// Seals new values; `nil` on a verifier.
    public let sealer: (any FieldSealer)?
    /// Opens values; `nil` on a gather host.
    public let opener: FieldOpener?
    /// `SEALING_PUBLIC_KEY`, re-read on reload.
    public let publicKeySource: SealingPublicKeySource?
    /// `SEALING_KEYS_DIR`, re-read on reload (and when a value names a key id it lacks).
    public let keyRing: SealingKeyRing?

    /// Loads the keys `role` needs; a key that does not load is one line.
    public init(_ ciphers: CipherConfiguration, role: ServerRole) throws(ConfigurationError) {
        var sealer: (any FieldSealer)?
        var publicKeySource: SealingPublicKeySource?
        if role.servesWebhooks {
            switch ciphers.mode {
            case .tutorial:
                guard let secret = ciphers.aesSecret else { throw .missingSecret("AES_SECRET") }
                sealer = GatherCipher(secret: secret)
            case .sealed:
                guard let path = ciphers.sealingPublicKeyPath else { throw .missingSecret("SEALING_PUBLIC_KEY") }
                let source = try SealingPublicKeySource(path: path)
                publicKeySource = source
                sealer = HPKESealer(publicKey: source)
            }
        }
        var opener: FieldOpener?
        var keyRing: SealingKeyRing?
        if role.servesVerifier {
            keyRing = try ciphers.sealingKeysDirectory.map { directory throws(ConfigurationError) in try SealingKeyRing(directory: directory) }
            opener = FieldOpener(
                aesSecrets: (ciphers.aesSecret.map { [$0] } ?? []) + ciphers.previousAESSecrets, keyRing: keyRing,
                timeToLive: Int64(ciphers.timeToLiveSeconds))
        }
        // As on reload: a process that also opens (role `all`) must not seal what it cannot open,
        // or every caller would hear "not found" with nothing in the log to say why.
        if let publicKeySource, let keyRing, !keyRing.keyIDs.contains(publicKeySource.current.keyID) {
            throw .other("SEALING_PUBLIC_KEY names key \(publicKeySource.current.keyID), which SEALING_KEYS_DIR does not hold: this process could not open what it seals")
        }
        self.sealer = sealer
        self.opener = opener
        self.publicKeySource = publicKeySource
        self.keyRing = keyRing
    }

    /// Reads the key files again, for a rotation without a restart; says what it now holds.
    ///
    /// The private keys are read first; a process that also opens (role `all`) switches to a new
    /// public key only if it holds the private key for it, so it never seals what it cannot open.
    public func reload() throws(ConfigurationError) -> String {
        var held: [String] = []
        if let keyRing {
            try keyRing.reload()
            held.append("opening \(keyRing.keyIDs.joined(separator: ","))")
        }
        if let publicKeySource {
            let key = try publicKeySource.reload { candidate throws(ConfigurationError) in
                if let keyRing, !keyRing.keyIDs.contains(candidate.keyID) {
                    throw .other("SEALING_PUBLIC_KEY now names key \(candidate.keyID), which SEALING_KEYS_DIR does not hold; still sealing to \(publicKeySource.current.keyID)")
                }
            }
            held.append("sealing to \(key.keyID)")
        }
        return held.isEmpty ? "no key files to reload" : held.joined(separator: "; ")
    }
}
