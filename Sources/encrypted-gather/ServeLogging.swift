import EncryptedGatherServer
import Foundation
import Logging

/// How `serve` logs: one bootstrap per process.
enum ServeLogging {
    /// Logs to standard output at `LOG_LEVEL` (default info), as text or, with `LOG_FORMAT=json`,
    /// one JSON object per line, once per process; with
    /// `recentLogLines`, into that buffer too (the dev softphone shows it).
    static func bootstrapped(teeingInto recentLogLines: RecentLogLines? = nil) -> Logger {
        let environment = ProcessInfo.processInfo.environment
        let level = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let json = environment["LOG_FORMAT"]?.lowercased() == "json"
        LoggingSystem.bootstrap { label in
            // Lines leave through one writer thread in batches, never a write(2) per line on an
            // event loop; it is flushed at exit.
            var standardOutput: any LogHandler = json
                ? JSONLogHandler(label: label, metadataProvider: LoggingSystem.metadataProvider, write: { LogWriter.standardOutput.write($0) })
                : TextLogHandler(label: label, metadataProvider: LoggingSystem.metadataProvider, write: { LogWriter.standardOutput.write($0) })
            standardOutput.logLevel = level
            guard let recentLogLines else { return standardOutput }
            var handler = MultiplexLogHandler([standardOutput, recentLogLines.handler(label: label)])
            handler.logLevel = level
            return handler
        }
        return Logger(label: "encrypted-gather")
    }
}
