#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads small PEM key files.
enum KeyFile {
    // A 16384-bit RSA key in PEM is under 13 KB; anything far larger is not a key.
    private static let maximumByteCount = 64 * 1024

    /// The file's text.
    static func read(_ path: String) throws -> String {
        guard let text = try readIfPresent(path) else {
            throw RecordingKeyError.unreadableKeyFile(path: path, errno: ENOENT)
        }
        return text
    }

    /// The file's text, or `nil` if there is no such file.
    static func readIfPresent(_ path: String) throws -> String? {
        let fd: Int32
        do {
            fd = try FileDescriptorIO.open(path, O_RDONLY | O_CLOEXEC)
        } catch {
            if error.errno == ENOENT { return nil }
            throw RecordingKeyError.unreadableKeyFile(path: path, errno: error.errno)
        }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: maximumByteCount + 1, alignment: 1)
        defer { buffer.deallocate() }
        let count: Int
        do {
            count = try FileDescriptorIO.readFully(fd, into: buffer)
        } catch {
            throw RecordingKeyError.unreadableKeyFile(path: path, errno: error.errno)
        }
        guard count <= maximumByteCount else { throw RecordingKeyError.keyFileTooLarge(path: path) }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
