/// Encrypts a recording exactly as Twilio does, for tests and for local tooling: a random CEK
/// per recording, AES-256-GCM with a random 12-byte IV and the tag appended, and the CEK wrapped
/// with RSAES-OAEP-SHA256-MGF1 under your public key.
///
/// A file output appears only once everything is written; a failure leaves none.
public struct RecordingEncryptor: Sendable {
    /// Bytes read per `read(2)` call.
    public var chunkSize: Int

    /// An encryptor reading `chunkSize` bytes at a time (1 byte to 256 MiB).
    public init(chunkSize: Int = RecordingDecryptor.defaultChunkSize) {
        precondition((1...(256 << 20)).contains(chunkSize), "chunkSize must be 1 byte to 256 MiB")
        self.chunkSize = chunkSize
    }

    /// Encrypts under a fresh CEK and IV and wraps the CEK with `publicKey`.
    ///
    /// - Parameter publicKeySid: the SID to name in the details; Twilio's, or
    ///   ``RecordingPublicKey/placeholderSid`` when there is none.
    /// - Returns: the details as Twilio would post them (``EncryptionDetails/json``).
    /// - Throws: ``RecordingKeyError``, ``RecordingFileError`` or ``RecordingCipherError``.
    public func encrypt(
        _ input: RecordingInput,
        to output: RecordingOutput,
        publicKey: RecordingPublicKey,
        publicKeySid: PublicKeySid
    ) throws -> EncryptionDetails {
        let contentKey = ContentEncryptionKey.random()
        let iv = InitializationVector.random()
        let encryptedCEK = try publicKey.wrap(contentKey)
        try encrypt(input, to: output, contentKey: contentKey, iv: iv)
        return EncryptionDetails(publicKeySid: publicKeySid, encryptedCEK: encryptedCEK, iv: iv)
    }

    /// Encrypts with a given CEK and IV. Never reuse an IV with the same CEK.
    ///
    /// - Returns: the plaintext byte count.
    /// - Throws: ``RecordingFileError`` or ``RecordingCipherError``.
    @discardableResult
    public func encrypt(
        _ input: RecordingInput,
        to output: RecordingOutput,
        contentKey: ContentEncryptionKey,
        iv: InitializationVector
    ) throws -> Int {
        let source = try InputSource.open(input)
        return try OutputSink.open(output).writing { sink in
            try StreamingGCMEncryptor(chunkSize: chunkSize).encrypt(from: source, to: sink, key: contentKey, iv: iv)
        }
    }
}
