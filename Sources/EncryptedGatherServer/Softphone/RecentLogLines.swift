import Foundation
import Logging
import Synchronization

/// The server's most recent log lines, kept in memory so the dev softphone can show what the
/// server wrote while one step of a call ran. Bounded: the oldest line goes when a new one
/// arrives at capacity.
///
/// It holds only what the server's loggers were given, which never carries a plaintext digit
/// (`Digits` renders as `*REDACTED*`, and the access log redacts the query's `Digits`).
public final class RecentLogLines: Sendable {
    /// A position in the stream of lines: everything logged after it can be read back.
    public struct Mark: Sendable, Comparable {
        fileprivate let sequence: Int

        public static func < (lhs: Mark, rhs: Mark) -> Bool { lhs.sequence < rhs.sequence }
    }

    /// How many lines are kept.
    public let capacity: Int

    private let state = Mutex<(lines: [(sequence: Int, text: String)], next: Int)>(([], 0))

    /// An empty buffer keeping the last `capacity` lines.
    public init(capacity: Int = 1000) {
        precondition(capacity > 0, "a log buffer must keep at least one line")
        self.capacity = capacity
    }

    /// A handler that writes into this buffer, for `LoggingSystem.bootstrap` or a `Logger`.
    public func handler(label: String) -> RecentLogLineHandler {
        RecentLogLineHandler(label: label, buffer: self)
    }

    /// The position after the last line written so far.
    public var mark: Mark {
        state.withLock { Mark(sequence: $0.next) }
    }

    /// The lines written since `mark`, oldest first (those already evicted are gone).
    public func lines(since mark: Mark) -> [String] {
        state.withLock { state in
            state.lines.filter { $0.sequence >= mark.sequence }.map(\.text)
        }
    }

    /// Every line still kept, oldest first.
    public var all: [String] {
        state.withLock { $0.lines.map(\.text) }
    }

    /// Appends one rendered line, evicting the oldest at capacity.
    func append(_ text: String) {
        state.withLock { state in
            if state.lines.count == capacity { state.lines.removeFirst() }
            state.lines.append((state.next, text))
            state.next += 1
        }
    }
}
