import Foundation
import Logging

/// A `LogHandler` rendering each event as one line into a `RecentLogLines` buffer:
/// `12:04:05.123Z info gather step CallSid=CA… Digits=*REDACTED* step=getPin`.
///
/// `serve --dev` tees into it beside standard output with swift-log's `MultiplexLogHandler`.
public struct RecentLogLineHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The level below which events are dropped.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every event of this logger.
    public var metadata: Logger.Metadata = [:]

    private let buffer: RecentLogLines

    /// A handler for the logger labelled `label`, writing into `buffer`.
    public init(label: String, buffer: RecentLogLines) {
        self.label = label
        self.buffer = buffer
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // Sorted, so the same event always renders the same line.
        let fields = event.mergedMetadata(metadata, provider: nil).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let time = Date.now.formatted(.iso8601.time(includingFractionalSeconds: true))
        buffer.append(([time, event.level.rawValue, event.message.description] + fields).joined(separator: " "))
    }
}
