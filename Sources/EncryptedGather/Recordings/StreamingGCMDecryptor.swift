/// Decrypts an AES-256-GCM stream laid out as Twilio writes recordings, ciphertext ‖ tag(16),
/// through a few reusable buffers, so memory stays flat whatever the size.
struct StreamingGCMDecryptor {
    /// Bytes read per `read(2)` call, on the read-ahead thread.
    let chunkSize: Int

    /// Streams `input` through the cipher into `output`; the caller commits the output only if
    /// this returns.
    ///
    /// - Returns: the plaintext byte count.
    /// - Throws: ``RecordingCipherError/authenticationFailed(plaintextAlreadyWritten:)`` unless
    ///   the tag verifies, or the input's or output's errors.
    func decrypt(
        from input: InputSource,
        to output: OutputSink,
        key: ContentEncryptionKey,
        iv: InitializationVector
    ) throws -> Int {
        let cipher = try GCMCipherContext(.decrypt, key: key, iv: iv)
        let tagByteCount = GCMCipherContext.tagByteCount
        let reader = ReadAheadReader.start(input, chunkSize: chunkSize)
        defer { reader.cancel() }
        // The input's last 16 bytes are the tag, and until the input ends any 16 bytes read may
        // be the last: they are held back from the cipher, then put in front of the next chunk.
        let heldBack = UnsafeMutablePointer<UInt8>.allocate(capacity: tagByteCount)
        defer { heldBack.deallocate() }
        var heldBackCount = 0
        var plaintextByteCount = 0
        while true {
            let chunk = try reader.nextChunk()
            guard let chunkStart = chunk.baseAddress, chunk.count > 0 else { break }
            let start = chunkStart - heldBackCount
            start.update(from: heldBack, count: heldBackCount)
            let available = heldBackCount + chunk.count
            guard available > tagByteCount else {
                heldBack.update(from: start, count: available)
                heldBackCount = available
                continue
            }
            let bodyByteCount = available - tagByteCount
            // In place: the ciphertext is not needed again, and one buffer stays in cache.
            try cipher.update(inPlace: start, count: bodyByteCount)
            try output.write(UnsafeRawBufferPointer(start: start, count: bodyByteCount))
            plaintextByteCount += bodyByteCount
            heldBack.update(from: start + bodyByteCount, count: tagByteCount)
            heldBackCount = tagByteCount
        }
        guard heldBackCount == tagByteCount else {
            throw RecordingCipherError.truncated(byteCount: heldBackCount)
        }
        guard try cipher.finishDecrypting(expectedTag: heldBack) else {
            throw RecordingCipherError.authenticationFailed(
                plaintextAlreadyWritten: output.writesInPlace && plaintextByteCount > 0)
        }
        return plaintextByteCount
    }
}
