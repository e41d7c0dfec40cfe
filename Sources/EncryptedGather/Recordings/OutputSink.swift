#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open recording output: either a temporary file that ``commit()`` renames onto a regular
/// file, or a stream (standard output, a device, a FIFO) written in place.
///
/// Until ``commit()`` succeeds, dropping the sink (or ``abandon()``) removes the temporary file.
final class OutputSink {
    private enum Mode {
        case replace(temporaryPath: String, destinationPath: String)
        case stream(closesDescriptor: Bool)
    }

    /// Whether bytes go straight to the destination, so a failure cannot take them back.
    var writesInPlace: Bool {
        if case .stream = mode { true } else { false }
    }

    private let fd: Int32
    private let name: String
    private let mode: Mode
    private var isOpen = true
    private var isFinished = false

    private init(fd: Int32, name: String, mode: Mode) {
        self.fd = fd
        self.name = name
        self.mode = mode
    }

    deinit {
        if !isFinished { abandon() }
    }

    /// Opens the output: a temporary file beside a regular destination, or the stream itself.
    static func open(_ output: RecordingOutput) throws -> OutputSink {
        if case .newFile(let path) = output { return try replacing(path, name: path) }
        guard case .file(let path) = output else {
            return OutputSink(fd: STDOUT_FILENO, name: output.description, mode: .stream(closesDescriptor: false))
        }
        var status = stat()
        if stat(path, &status) == 0 {
            if FileDescriptorIO.isDirectory(status.st_mode) {
                throw RecordingFileError.outputIsDirectory(name: path)
            }
            if !FileDescriptorIO.isRegularFile(status.st_mode) {
                do {
                    let fd = try FileDescriptorIO.open(path, O_WRONLY | O_CLOEXEC)
                    return OutputSink(fd: fd, name: path, mode: .stream(closesDescriptor: true))
                } catch {
                    throw RecordingFileError.cannotCreateOutput(name: path, errno: error.errno)
                }
            }
            // Replace the file a symbolic link points to, not the link itself.
            return try replacing(resolvedPath(path) ?? path, name: path)
        }
        guard errno == ENOENT else { throw RecordingFileError.cannotCreateOutput(name: path, errno: errno) }
        return try replacing(path, name: path)
    }

    private static func replacing(_ destinationPath: String, name: String) throws -> OutputSink {
        let slash = destinationPath.lastIndex(of: "/")
        let fileName = slash.map { String(destinationPath[destinationPath.index(after: $0)...]) } ?? destinationPath
        guard !fileName.isEmpty else { throw RecordingFileError.outputIsDirectory(name: name) }
        let directory = slash.map { String(destinationPath[...$0]) } ?? ""
        // Same directory, so the final rename stays on one file system and is atomic; hidden and
        // owner-only, since it will hold a decrypted recording.
        let temporaryPath = directory + ".\(fileName).partial-\(randomSuffix())"
        do {
            let fd = try FileDescriptorIO.open(
                temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode: 0o600)
            return OutputSink(
                fd: fd, name: name,
                mode: .replace(temporaryPath: temporaryPath, destinationPath: destinationPath))
        } catch {
            throw RecordingFileError.cannotCreateOutput(name: name, errno: error.errno)
        }
    }

    /// Writes every byte of `buffer`.
    func write(_ buffer: UnsafeRawBufferPointer) throws {
        do {
            try FileDescriptorIO.writeAll(fd, buffer)
        } catch {
            throw fileError(error.errno, otherwise: RecordingFileError.writeFailed)
        }
    }

    /// Makes the output final: flushes the temporary file to disk and renames it onto the
    /// destination, or closes a stream. On failure the temporary file is removed.
    func commit() throws {
        defer { isFinished = true }
        guard case .replace(let temporaryPath, let destinationPath) = mode else {
            closeDescriptor()
            return
        }
        do {
            try syncAndClose()
            guard rename(temporaryPath, destinationPath) == 0 else {
                throw RecordingFileError.renameFailed(name: name, errno: errno)
            }
        } catch {
            abandon()
            throw error
        }
        syncDirectory(of: destinationPath)
    }

    /// Runs `write`, then commits; if anything fails, abandons, so nothing unfinished is left.
    func writing<Result>(_ write: (OutputSink) throws -> Result) throws -> Result {
        do {
            let result = try write(self)
            try commit()
            return result
        } catch {
            abandon()
            throw error
        }
    }

    /// Gives up: removes the temporary file, or just closes a stream.
    func abandon() {
        isFinished = true
        closeDescriptor()
        if case .replace(let temporaryPath, _) = mode {
            unlink(temporaryPath)
        }
    }

    private func syncAndClose() throws {
        guard fsync(fd) == 0 else {
            let error = fileError(errno, otherwise: RecordingFileError.syncFailed)
            closeDescriptor()
            throw error
        }
        isOpen = false
        // Some file systems (NFS) report write errors only when the file is closed.
        guard close(fd) == 0 else { throw fileError(errno, otherwise: RecordingFileError.writeFailed) }
    }

    private func closeDescriptor() {
        guard isOpen else { return }
        isOpen = false
        if case .stream(closesDescriptor: false) = mode { return }
        close(fd)
    }

    private func fileError(_ errno: Int32, otherwise: (String, Int32) -> RecordingFileError) -> RecordingFileError {
        errno == ENOSPC || errno == EDQUOT ? .diskFull(name: name) : otherwise(name, errno)
    }

    // The rename is durable only once the directory entry is on disk too. Best effort: the file
    // itself is already complete and flushed.
    private func syncDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "."
        let fd = (try? FileDescriptorIO.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ?? -1
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
