#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `read(2)` and `write(2)` with the retries every caller needs.
package enum FileDescriptorIO {
    /// Reads at most `buffer.count` bytes; 0 means end of input.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = systemRead(fd, base, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw SystemCallError(errno: errno) }
        }
    }

    /// Reads until `buffer` is full or the input ends; returns the byte count.
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    /// Writes every byte, going on after partial writes and interrupted calls.
    package static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SystemCallError) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let count = systemWrite(fd, base + offset, buffer.count - offset)
            if count > 0 {
                offset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                // write(2) returning 0 for a non-empty buffer would loop for ever: treat it as EIO.
                throw SystemCallError(errno: count == 0 ? EIO : errno)
            }
        }
    }

    /// Opens a file, retrying if a signal interrupts the call.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        while true {
            let fd = systemOpen(path, flags, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw SystemCallError(errno: errno) }
        }
    }

    /// `fstat(2)` of an open descriptor.
    static func status(_ fd: Int32) throws(SystemCallError) -> stat {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw SystemCallError(errno: errno) }
        return status
    }

    /// Whether a `st_mode` is a regular file.
    static func isRegularFile(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFREG }

    /// Whether a `st_mode` is a directory.
    static func isDirectory(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFDIR }
}

// The C functions, under names that the wrappers above do not shadow.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}
