import EncryptedGather
import NIOCore

extension FormParameters {
    /// Decodes a form body straight from the bytes that arrived.
    init(urlEncoded body: ByteBuffer) {
        self = body.withUnsafeReadableBytes { FormParameters(urlEncodedUTF8: $0) }
    }
}
