#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open recording input: a file descriptor that `read(2)` drains in chunks.
final class InputSource {
    /// The byte count of a regular file, known before reading; `nil` for a pipe.
    let knownByteCount: Int?

    private let fd: Int32
    private let name: String
    private let closesDescriptor: Bool

    private init(fd: Int32, name: String, closesDescriptor: Bool, knownByteCount: Int?) {
        self.fd = fd
        self.name = name
        self.closesDescriptor = closesDescriptor
        self.knownByteCount = knownByteCount
    }

    deinit {
        if closesDescriptor { close(fd) }
    }

    /// Opens the input, refusing directories.
    static func open(_ input: RecordingInput) throws -> InputSource {
        let source: InputSource
        switch input {
        case .standardInput:
            source = try InputSource(describing: STDIN_FILENO, name: input.description, closesDescriptor: false)
        case .file(let path):
            let fd: Int32
            do {
                fd = try FileDescriptorIO.open(path, O_RDONLY | O_CLOEXEC)
            } catch {
                throw RecordingFileError.cannotOpenInput(name: path, errno: error.errno)
            }
            source = try InputSource(describing: fd, name: path, closesDescriptor: true)
        }
        return source
    }

    private convenience init(describing fd: Int32, name: String, closesDescriptor: Bool) throws {
        let status: stat
        do {
            status = try FileDescriptorIO.status(fd)
        } catch {
            if closesDescriptor { close(fd) }
            throw RecordingFileError.cannotOpenInput(name: name, errno: error.errno)
        }
        if FileDescriptorIO.isDirectory(status.st_mode) {
            if closesDescriptor { close(fd) }
            throw RecordingFileError.inputIsDirectory(name: name)
        }
        let isRegular = FileDescriptorIO.isRegularFile(status.st_mode)
        self.init(
            fd: fd, name: name, closesDescriptor: closesDescriptor,
            knownByteCount: isRegular ? Int(status.st_size) : nil)
        #if os(Linux)
        // Recordings are read once, front to back: ask for aggressive read-ahead.
        if isRegular { _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) }
        #endif
    }

    /// Reads at most `buffer.count` bytes; 0 means the input has ended.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        do {
            return try FileDescriptorIO.read(fd, into: buffer)
        } catch {
            throw RecordingFileError.readFailed(name: name, errno: error.errno)
        }
    }
}
