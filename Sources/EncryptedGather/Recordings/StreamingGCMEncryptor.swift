/// Encrypts a stream with AES-256-GCM into Twilio's recording layout, ciphertext ‖ tag(16),
/// through one reusable buffer.
struct StreamingGCMEncryptor {
    /// Bytes read per `read(2)` call.
    let chunkSize: Int

    /// Streams `input` through the cipher into `output` and appends the tag; the caller commits
    /// the output if this returns.
    ///
    /// - Returns: the plaintext byte count.
    func encrypt(
        from input: InputSource,
        to output: OutputSink,
        key: ContentEncryptionKey,
        iv: InitializationVector
    ) throws -> Int {
        let cipher = try GCMCipherContext(.encrypt, key: key, iv: iv)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(
            capacity: max(chunkSize, GCMCipherContext.tagByteCount))
        defer { buffer.deallocate() }
        let start = buffer.baseAddress!
        var plaintextByteCount = 0
        while true {
            let count = try input.read(into: UnsafeMutableRawBufferPointer(buffer))
            if count == 0 { break }
            try cipher.update(inPlace: start, count: count)
            try output.write(UnsafeRawBufferPointer(start: start, count: count))
            plaintextByteCount += count
        }
        try cipher.finishEncrypting(tagInto: start)
        try output.write(UnsafeRawBufferPointer(start: start, count: GCMCipherContext.tagByteCount))
        return plaintextByteCount
    }
}
