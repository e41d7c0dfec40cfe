/// Why AES-256-GCM refused a recording. Its `description` is one line and never contains
/// plaintext or key material.
public struct RecordingCipherError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case truncated(byteCount: Int)
        case authenticationFailed(plaintextAlreadyWritten: Bool)
        case openSSL(function: String, reason: String)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The input is shorter than the 16-byte GCM tag that ends every encrypted recording.
    public static func truncated(byteCount: Int) -> Self { Self(.truncated(byteCount: byteCount)) }

    /// The GCM tag did not verify: the file was altered or cut, or the CEK or IV are not its own.
    ///
    /// `plaintextAlreadyWritten` is true when the output was a stream (standard output, a pipe,
    /// a device) that had already received unauthenticated bytes.
    public static func authenticationFailed(plaintextAlreadyWritten: Bool) -> Self {
        Self(.authenticationFailed(plaintextAlreadyWritten: plaintextAlreadyWritten))
    }

    /// An OpenSSL call failed outright (not a tag mismatch).
    public static func openSSL(function: String, reason: String) -> Self {
        Self(.openSSL(function: function, reason: reason))
    }

    /// One line.
    public var description: String {
        switch code {
        case .truncated(let byteCount):
            "the encrypted recording is \(byteCount) bytes, shorter than its 16-byte GCM tag (truncated download?)"
        case .authenticationFailed(let plaintextAlreadyWritten):
            "the recording failed AES-GCM authentication: it was altered or truncated, or the CEK or IV are not its own"
                + (plaintextAlreadyWritten ? "; discard the bytes already written to the output" : "")
        case .openSSL(let function, let reason):
            "OpenSSL \(function) failed: \(reason)"
        }
    }
}
