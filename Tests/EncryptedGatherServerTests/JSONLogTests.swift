import EncryptedGather
import EncryptedGatherServer
import Foundation
import Logging
import Synchronization
import Testing

/// `LOG_FORMAT=json`: every line is one JSON object a shipper can parse, and what an attacker put
/// in a value stays inside its field.
@Suite struct JSONLogTests {
    @Test func eachEventIsOneParsableObject() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "encrypted-gather") { label in JSONLogHandler(label: label) { line in lines.withLock { $0.append(line) } } }
        logger.logLevel = .info
        logger.info("gather step", metadata: ["step": "getPin", "query": "a=1\n\"b\": 2", "Digits": .string(Digits.redacted)])
        logger.debug("not written")
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["message"] == "gather step")
        #expect(object["level"] == "info")
        #expect(object["label"] == "encrypted-gather")
        #expect(object["step"] == "getPin")
        #expect(object["query"] == "a=1\n\"b\": 2")
        #expect(object["Digits"] == "*REDACTED*")
        #expect(object["timestamp"] != nil)
    }

    /// A library's `logger.warning(_:error:)` (postgres-nio, Hummingbird) shows its error in both
    /// formats, as swift-log's own handler shows it.
    @Test func anEventsErrorIsAFieldAsInTheTextLine() throws {
        struct PoolStopped: Error, CustomStringConvertible {
            var description: String { "the pool stopped" }
        }
        let lines = Mutex<[String]>([])
        let json = Logger(label: "encrypted-gather") { JSONLogHandler(label: $0) { line in lines.withLock { $0.append(line) } } }
        let text = Logger(label: "encrypted-gather") { TextLogHandler(label: $0) { line in lines.withLock { $0.append(line) } } }
        json.warning("lease lost", error: PoolStopped())
        text.warning("lease lost", error: PoolStopped())
        let written = lines.withLock { $0 }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: String])
        #expect(object["error.message"] == "the pool stopped")
        #expect(object["error.type"]?.hasSuffix("PoolStopped") == true)
        #expect(written[1].contains("error.message=the pool stopped"))
    }

    @Test func serveWritesJSONLinesWhenAsked() async throws {
        let server = try ChildProcess(["serve", "--dev", "--port", "0"], environment: ["LOG_FORMAT": "json"], in: TestServer.temporaryDirectory())
        defer { server.stop() }
        let port = try await server.port()
        _ = await RawConnection.exchange(port: port, sending: Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        #expect(try await server.waitFor("\"path\":\"/healthz\""))
        for line in server.output.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: String], "\(line)")
        }
    }
}
