import COpenSSL
import Crypto
import Foundation

/// One AES-256-GCM operation through OpenSSL's EVP interface, fed in chunks.
///
/// swift-crypto has no incremental AES-GCM, and sealing a whole recording at once takes several
/// times its size in memory; EVP streams with constant memory at full AES-NI speed.
struct GCMCipherContext: ~Copyable {
    /// Which way the data goes.
    enum Direction {
        /// Plaintext in, ciphertext out, tag made at the end.
        case encrypt
        /// Ciphertext in, plaintext out, tag checked at the end.
        case decrypt
    }

    /// GCM's tag: 16 bytes, at the end of every encrypted recording.
    static let tagByteCount = 16

    private let context: OpaquePointer
    private let direction: Direction

    /// Sets up AES-256-GCM with a 12-byte IV and no additional authenticated data.
    init(_ direction: Direction, key: ContentEncryptionKey, iv: InitializationVector) throws {
        guard let context = EVP_CIPHER_CTX_new() else { throw Self.failure("EVP_CIPHER_CTX_new") }
        // The IV length must be set after choosing the cipher and before giving key and IV.
        guard Self.initialise(direction, context, cipher: EVP_aes_256_gcm(), key: nil, iv: nil) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw Self.failure(Self.initialiseName(direction))
        }
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(InitializationVector.byteCount), nil) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw Self.failure("EVP_CTRL_GCM_SET_IVLEN")
        }
        let keyed = key.key.withUnsafeBytes { keyBytes in
            iv.bytes.withUnsafeBytes { ivBytes in
                Self.initialise(
                    direction, context, cipher: nil,
                    key: keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    iv: ivBytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard keyed == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw Self.failure(Self.initialiseName(direction))
        }
        self.context = context
        self.direction = direction
    }

    deinit {
        // Frees the context and wipes the expanded key inside it.
        EVP_CIPHER_CTX_free(context)
    }

    /// Encrypts or decrypts `count` bytes where they lie; GCM output is as long as its input.
    func update(inPlace bytes: UnsafeMutablePointer<UInt8>, count: Int) throws {
        var outputCount: Int32 = 0
        let status =
            direction == .encrypt
            ? EVP_EncryptUpdate(context, bytes, &outputCount, bytes, Int32(count))
            : EVP_DecryptUpdate(context, bytes, &outputCount, bytes, Int32(count))
        guard status == 1, outputCount == count else {
            throw Self.failure(direction == .encrypt ? "EVP_EncryptUpdate" : "EVP_DecryptUpdate")
        }
    }

    /// Ends a decryption: true only if `tag` (16 bytes) authenticates everything fed in.
    func finishDecrypting(expectedTag tag: UnsafeMutablePointer<UInt8>) throws -> Bool {
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(Self.tagByteCount), tag) == 1 else {
            throw Self.failure("EVP_CTRL_GCM_SET_TAG")
        }
        var outputCount: Int32 = 0
        let verified = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.tagByteCount) { scratch in
            EVP_DecryptFinal_ex(context, scratch.baseAddress, &outputCount) == 1
        }
        // A failed tag check leaves an entry in OpenSSL's per-thread error queue: clear it so it
        // is not reported against a later, unrelated call.
        ERR_clear_error()
        return verified
    }

    /// Ends an encryption and writes the 16-byte tag to `tag`.
    func finishEncrypting(tagInto tag: UnsafeMutablePointer<UInt8>) throws {
        var outputCount: Int32 = 0
        guard EVP_EncryptFinal_ex(context, tag, &outputCount) == 1, outputCount == 0 else {
            throw Self.failure("EVP_EncryptFinal_ex")
        }
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagByteCount), tag) == 1 else {
            throw Self.failure("EVP_CTRL_GCM_GET_TAG")
        }
    }

    private static func initialise(
        _ direction: Direction,
        _ context: OpaquePointer,
        cipher: OpaquePointer?,
        key: UnsafePointer<UInt8>?,
        iv: UnsafePointer<UInt8>?
    ) -> Int32 {
        switch direction {
        case .encrypt: EVP_EncryptInit_ex(context, cipher, nil, key, iv)
        case .decrypt: EVP_DecryptInit_ex(context, cipher, nil, key, iv)
        }
    }

    private static func initialiseName(_ direction: Direction) -> String {
        direction == .encrypt ? "EVP_EncryptInit_ex" : "EVP_DecryptInit_ex"
    }

    private static func failure(_ function: String) -> RecordingCipherError {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return .openSSL(function: function, reason: "no reason given") }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        let reason = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return .openSSL(function: function, reason: reason)
    }
}
