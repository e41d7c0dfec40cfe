import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The default text lines, exactly as swift-log's `StreamLogHandler` writes them
/// (`2026-12-03T10:08:00+0000 info encrypted-gather: key=value [Module] message`), for less:
/// the timestamp is formatted once a second rather than with `localtime`/`strftime` per line,
/// and the line is built in one string. Every request logs at least one line, on an event loop.
public struct TextLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The level below which events are dropped.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every event of this logger.
    public var metadata: Logger.Metadata = [:]
    /// Adds metadata to every event (swift-log's task-local metadata, if bootstrapped with one).
    public var metadataProvider: Logger.MetadataProvider?
    private let write: @Sendable (String) -> Void

    /// A handler handing each line (with its newline) to `write`.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = Self.clock.timestamp()
        line.reserveCapacity(256)
        line += " "
        line += event.level.rawValue
        if !label.isEmpty {
            line += " "
            line += label
        }
        line += ":"
        for (key, value) in event.mergedMetadata(metadata, provider: metadataProvider).sorted(by: { $0.key < $1.key }) {
            line += " "
            line += key
            line += "="
            line += value.description
        }
        line += " ["
        line += event.source
        line += "] "
        line += event.message.description
        line += "\n"
        write(line)
    }

    /// The local time of the current second, as `strftime("%Y-%m-%dT%H:%M:%S%z")` writes it.
    static let clock = SecondClock()
}

/// Formats the local time once per second.
final class SecondClock: Sendable {
    private let cached = Mutex<(second: time_t, text: String)>((-1, ""))

    func timestamp() -> String {
        let now = time(nil)
        if let text = cached.withLock({ $0.second == now ? $0.text : nil }) { return text }
        let text = Self.format(now)
        cached.withLock { $0 = (now, text) }
        return text
    }

    static func format(_ second: time_t) -> String {
        var second = second
        var local = tm()
        guard localtime_r(&second, &local) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
