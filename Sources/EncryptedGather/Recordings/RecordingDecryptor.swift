/// Decrypts Twilio Voice Recording Encryption recordings, streaming, with memory that stays flat
/// whatever the recording's size (three chunk buffers, about 3 MiB).
///
/// A file output appears only once the GCM tag has verified: any failure (a wrong key, a tampered
/// or truncated file, a full disk) leaves no output file and throws an error whose `description`
/// is one line. Each call reads ahead on a short-lived thread of its own and blocks the calling
/// thread until it is done: from async code, run it where blocking is allowed (a thread pool).
public struct RecordingDecryptor: Sendable {
    /// 1 MiB: system calls cost little at that size, and 64 KiB to 1 MiB measured alike.
    public static let defaultChunkSize = 1 << 20

    /// Bytes read per `read(2)` call.
    public var chunkSize: Int

    /// A decryptor reading `chunkSize` bytes at a time (1 byte to 256 MiB).
    public init(chunkSize: Int = RecordingDecryptor.defaultChunkSize) {
        precondition((1...(256 << 20)).contains(chunkSize), "chunkSize must be 1 byte to 256 MiB")
        self.chunkSize = chunkSize
    }

    /// Decrypts with a CEK already unwrapped.
    ///
    /// - Returns: the plaintext byte count.
    /// - Throws: ``RecordingFileError`` or ``RecordingCipherError``.
    @discardableResult
    public func decrypt(
        _ input: RecordingInput,
        to output: RecordingOutput,
        contentKey: ContentEncryptionKey,
        iv: InitializationVector
    ) throws -> Int {
        let source = try InputSource.open(input)
        if let byteCount = source.knownByteCount, byteCount < GCMCipherContext.tagByteCount {
            throw RecordingCipherError.truncated(byteCount: byteCount)
        }
        return try OutputSink.open(output).writing { sink in
            try StreamingGCMDecryptor(chunkSize: chunkSize).decrypt(from: source, to: sink, key: contentKey, iv: iv)
        }
    }

    /// Unwraps the CEK with `privateKey`, then decrypts: `--encrypted-cek` and `--iv` given apart.
    ///
    /// - Throws: ``RecordingKeyError``, ``RecordingFileError`` or ``RecordingCipherError``.
    @discardableResult
    public func decrypt(
        _ input: RecordingInput,
        to output: RecordingOutput,
        encryptedCEK: EncryptedContentKey,
        iv: InitializationVector,
        privateKey: RecordingPrivateKey
    ) throws -> Int {
        let contentKey = try privateKey.unwrap(encryptedCEK)
        return try decrypt(input, to: output, contentKey: contentKey, iv: iv)
    }

    /// Unwraps the CEK from Twilio's details with `privateKey`, then decrypts.
    ///
    /// - Throws: ``RecordingKeyError``, ``RecordingFileError`` or ``RecordingCipherError``.
    @discardableResult
    public func decrypt(
        _ input: RecordingInput,
        to output: RecordingOutput,
        details: EncryptionDetails,
        privateKey: RecordingPrivateKey
    ) throws -> Int {
        let contentKey = try privateKey.unwrap(details.encryptedCEK, publicKeySid: details.publicKeySid)
        return try decrypt(input, to: output, contentKey: contentKey, iv: details.iv)
    }

    /// Picks the private key named by the details' `public_key_sid` from `keyRing`, then decrypts.
    ///
    /// - Throws: ``RecordingKeyError``, ``RecordingFileError`` or ``RecordingCipherError``.
    @discardableResult
    public func decrypt(
        _ input: RecordingInput,
        to output: RecordingOutput,
        details: EncryptionDetails,
        keyRing: RecordingKeyRing
    ) throws -> Int {
        let privateKey = try keyRing.privateKey(for: details.publicKeySid)
        return try decrypt(input, to: output, details: details, privateKey: privateKey)
    }
}
