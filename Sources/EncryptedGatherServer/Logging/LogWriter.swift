import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes log lines to a file descriptor from a thread of its own, in batches.
///
/// A request's log lines are handed over in memory and the request goes on: the `write(2)` (and
/// the terminal or pipe behind it) is paid once per batch on this thread, not once per line on an
/// event loop. Nothing is dropped: a caller that gets `bufferLimit` bytes ahead of the disk waits,
/// and `flush()` returns only when every line handed over so far has been written.
public final class LogWriter: @unchecked Sendable {
    /// Standard output's writer, flushed by `serve` at shutdown and at process exit.
    public static let standardOutput: LogWriter = {
        let writer = LogWriter(fileDescriptor: STDOUT_FILENO)
        atexit { LogWriter.standardOutput.flush() }
        return writer
    }()

    /// How far callers may get ahead of the writer before they wait.
    public static var bufferLimit: Int { 4 << 20 }

    private let fileDescriptor: Int32
    // `condition` guards `pending`, `writing` and `isIdle`.
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var writing = false
    /// The writer waits for a first line: only then does a caller wake it.
    private var isIdle = false

    /// A writer to `fileDescriptor`, which stays open for the process's life.
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "log-writer"
        thread.start()
    }

    /// Queues `line` and a newline.
    public func write(_ line: String) {
        condition.lock()
        while pending.count > Self.bufferLimit { condition.wait() }
        pending.append(contentsOf: line.utf8)
        if pending.last != UInt8(ascii: "\n") { pending.append(UInt8(ascii: "\n")) }
        if isIdle {
            isIdle = false
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Returns once every line queued before the call is written.
    public func flush() {
        condition.lock()
        while !pending.isEmpty || writing { condition.wait() }
        condition.unlock()
    }

    private func run() {
        var batch: [UInt8] = []
        while true {
            condition.lock()
            while pending.isEmpty {
                isIdle = true
                condition.wait()
            }
            isIdle = false
            swap(&batch, &pending)
            writing = true
            condition.unlock()

            writeAll(batch)
            batch.removeAll(keepingCapacity: true)

            condition.lock()
            writing = false
            condition.broadcast()
            condition.unlock()
            // Under load, lines gather for a moment and go out together: no caller pays a
            // wake-up of this thread per line.
            usleep(500)
        }
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else if written < 0, errno == EAGAIN {
                    // A non-blocking descriptor whose reader is behind: wait for it rather than spin.
                    usleep(1000)
                } else {
                    // A closed or full descriptor: nobody can read these lines, and the server must go on.
                    return
                }
            }
        }
    }
}
