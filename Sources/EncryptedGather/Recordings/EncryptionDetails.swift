/// What Twilio tells you about one encrypted recording: which of your keys wrapped its CEK, the
/// wrapped CEK, and the AES-GCM IV.
///
/// Read it from the `EncryptionDetails` parameter of a RecordingStatusCallback or from the
/// `encryption_details` of the Recording REST resource with ``init(json:)``; both spellings are
/// accepted. ``json`` writes the callback spelling, exactly as Twilio posts it.
public struct EncryptionDetails: Sendable, Hashable {
    /// The encryption scheme: Twilio has only one.
    public enum EncryptionType: String, Sendable, Hashable, Codable {
        /// A random CEK per recording under AES-256-GCM, wrapped with RSAES-OAEP-SHA256-MGF1.
        case rsaAES = "rsa-aes"
    }

    /// The scheme: always ``EncryptionType/rsaAES``.
    public let type: EncryptionType

    /// The SID of the public key the CEK was wrapped with: pick the matching private key by it.
    public let publicKeySid: PublicKeySid

    /// The wrapped CEK.
    public let encryptedCEK: EncryptedContentKey

    /// The AES-GCM IV of the recording.
    public let iv: InitializationVector

    /// Details for an `rsa-aes` recording.
    public init(
        publicKeySid: PublicKeySid,
        encryptedCEK: EncryptedContentKey,
        iv: InitializationVector
    ) {
        self.type = .rsaAES
        self.publicKeySid = publicKeySid
        self.encryptedCEK = encryptedCEK
        self.iv = iv
    }
}
