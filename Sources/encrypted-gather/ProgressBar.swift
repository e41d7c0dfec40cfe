import Foundation
import Synchronization

/// A one-line progress bar on standard error, redrawn at most once per percent; where standard
/// error is not a terminal (CI logs), a plain line every 10%.
final class ProgressBar: Sendable {
    private let total: Int
    private let lastDrawn = Mutex(-1)
    private let isTerminal = isatty(STDERR_FILENO) != 0

    init(total: Int) {
        self.total = total
    }

    func update(completed: Int, failed: Int) {
        let percent = completed * 100 / total / (isTerminal ? 1 : 10) * (isTerminal ? 1 : 10)
        let shouldDraw = lastDrawn.withLock { last in
            guard percent != last else { return false }
            last = percent
            return true
        }
        guard shouldDraw else { return }
        let filled = percent * 30 / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        let line = "\(bar) \(completed)/\(total) calls, \(failed) failed"
        FileHandle.standardError.write(Data((isTerminal ? "\r\(line)" : "\(line)\n").utf8))
    }

    func finish() {
        guard isTerminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
