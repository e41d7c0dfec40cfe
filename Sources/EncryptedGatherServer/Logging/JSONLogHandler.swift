import Foundation
import Logging
import Synchronization

/// `LOG_FORMAT=json`: one JSON object per line for log shippers, with `timestamp`, `level`,
/// `label`, `message` and the metadata as string fields. Each line is written whole, so lines
/// from concurrent requests never interleave.
public struct JSONLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The level below which events are dropped.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every event of this logger.
    public var metadata: Logger.Metadata = [:]
    /// Adds metadata to every event (swift-log's task-local metadata, if bootstrapped with one).
    public var metadataProvider: Logger.MetadataProvider?
    private let write: @Sendable (String) -> Void

    /// A handler writing lines with `write` (standard output by default).
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil,
        write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardOutput
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: String] = [:]
        for (key, value) in event.mergedMetadata(metadata, provider: metadataProvider) {
            object[key] = "\(value)"
        }
        object["timestamp"] = Date.now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        object["level"] = event.level.rawValue
        object["label"] = label
        object["message"] = event.message.description
        // Strings only: serialisation cannot fail, and escapes every control character.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        write(String(decoding: data, as: UTF8.self))
    }

    /// Writes a line to standard output in one call.
    public static let standardOutput: @Sendable (String) -> Void = { line in
        lock.withLock { _ in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }

    private static let lock = Mutex(())
}
