@testable import EncryptedGatherServer
import Foundation
import Testing

/// Log lines leave on a thread of their own, and none is lost.
@Suite struct LogWriterTests {
    @Test func everyLineWrittenBeforeAFlushIsInTheFileInOrder() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-writer-\(UUID().uuidString)").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(descriptor >= 0)
        defer { close(descriptor); unlink(path) }
        let writer = LogWriter(fileDescriptor: descriptor)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for line in 0..<5_000 { writer.write("thread \(thread) line \(line)") }
        }
        writer.flush()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 20_000)
        for thread in 0..<4 {
            let own = lines.filter { $0.hasPrefix("thread \(thread) ") }
            #expect(own == (0..<5_000).map { "thread \(thread) line \($0)"[...] })
        }
    }
}
