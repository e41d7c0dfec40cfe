import AsyncHTTPClient
import EncryptedGather
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// `serve` with and without `METRICS_ADDRESS`: the metrics listener is its own port, and only there
/// when asked for.
@Suite struct MetricsServeTests {
    static func environment(in folder: URL) -> [String: String] {
        [
            "AES_SECRET": String(repeating: "3c", count: 32), "TWILIO_AUTH_TOKEN": TestServer.authToken.value,
            "VERIFY_TOKEN": TestServer.verifyToken.value, "ACCOUNTS_DB": folder.appendingPathComponent("accounts.sqlite").path,
        ]
    }

    static func get(_ url: String) async throws -> (status: UInt, contentType: String?, body: String) {
        let response = try await RecordingCallbackHarness.client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, response.headers.first(name: "Content-Type"), String(buffer: body))
    }

    @Test func metricsAddressServesMetricsOnItsOwnPortAndTheWebhookPortDoesNot() async throws {
        let folder = TestServer.temporaryDirectory()
        let server = try ChildProcess(
            ["serve", "--port", "0", "--metrics-address", "127.0.0.1:0"], environment: Self.environment(in: folder), in: folder)
        defer { server.stop() }
        #expect(try await server.waitFor("metrics listening"))
        let metricsPort = try #require(server.output.firstMatch(of: /metrics=http:\/\/127\.0\.0\.1:(\d+)\/metrics/).map { Int($0.output.1)! })
        #expect(try await server.waitFor("listening on 127.0.0.1:", count: 2))
        let ports = server.output.matches(of: /listening on 127\.0\.0\.1:(\d+)/).map { Int($0.output.1)! }
        let webhookPort = try #require(ports.first { $0 != metricsPort })

        var unsigned = HTTPClientRequest(url: "http://127.0.0.1:\(webhookPort)/encrypted-gather")
        unsigned.method = .POST
        #expect(try await RecordingCallbackHarness.client.execute(unsigned, timeout: .seconds(10)).status.code == 403)
        #expect(try await Self.get("http://127.0.0.1:\(webhookPort)/metrics").status == 404)
        let metrics = try await Self.get("http://127.0.0.1:\(metricsPort)/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics.body.contains("encrypted_gather_signature_failures_total 1"), "\(metrics.body)")
        #expect(metrics.body.contains(#"encrypted_gather_calls_total{step="getLast4CC",outcome="asked"} 0"#))
        #expect(try await Self.get("http://127.0.0.1:\(metricsPort)/healthz").status == 404)
        kill(server.process.processIdentifier, SIGTERM)
        #expect(await server.exitStatus() == 0)
    }

    /// Held-open connections to the metrics listener would otherwise use up the descriptors the
    /// webhooks need: it keeps the idle time-out and serves at most 16 connections at once.
    @Test func theMetricsListenerCapsItsConnectionsAndClosesIdleOnes() async throws {
        let folder = TestServer.temporaryDirectory()
        var environment = Self.environment(in: folder)
        environment["IDLE_TIMEOUT"] = "2"
        let server = try ChildProcess(["serve", "--port", "0", "--metrics-address", "127.0.0.1:0"], environment: environment, in: folder)
        defer { server.stop() }
        #expect(try await server.waitFor("metrics listening"))
        let metricsPort = try #require(server.output.firstMatch(of: /metrics=http:\/\/127\.0\.0\.1:(\d+)\/metrics/).map { Int($0.output.1)! })
        let outcome = try await RawConnection.answerBehindIdleConnections(port: metricsPort, count: 16, path: "/metrics")
        #expect(outcome.answer.hasPrefix("HTTP/1.1 200"))
        #expect(outcome.closed.count == 16, "idle connections still open after 8 s")
        // Served only once an idle connection had been closed by the idle time-out.
        if let first = outcome.closed.min() {
            #expect(outcome.answered >= first, "answered \(first - outcome.answered) before the first idle connection closed")
        }
    }

    @Test func withoutMetricsAddressThereIsNoMetricsListenerAndATakenMetricsPortStopsStartUp() async throws {
        let folder = TestServer.temporaryDirectory()
        let server = try ChildProcess(["serve", "--port", "0"], environment: Self.environment(in: folder), in: folder)
        defer { server.stop() }
        let port = try await server.port()
        #expect(try await Self.get("http://127.0.0.1:\(port)/metrics").status == 404)
        // A metrics port already taken (here by that server) stops start-up, naming METRICS_ADDRESS.
        let taken = try await ChildProcess.run(
            ["serve", "--port", "0", "--metrics-address", "\(port)"], environment: Self.environment(in: TestServer.temporaryDirectory()),
            in: TestServer.temporaryDirectory())
        #expect(taken.status == 1)
        #expect(taken.output.contains("error: cannot serve metrics on 127.0.0.1:\(port) (METRICS_ADDRESS): "), "\(taken.output)")
        kill(server.process.processIdentifier, SIGTERM)
        #expect(await server.exitStatus() == 0)
        #expect(!server.output.contains("metrics listening"))
        #expect(server.output.components(separatedBy: "listening on").count == 2, "\(server.output)")
    }

    @Test func aMalformedMetricsAddressStopsStartUpWithOneLine() async throws {
        let folder = TestServer.temporaryDirectory()
        let result = try await ChildProcess.run(
            ["serve", "--port", "0", "--metrics-address", "nonsense"], environment: Self.environment(in: folder), in: folder)
        #expect(result.status != 0)
        #expect(result.output.contains("METRICS_ADDRESS is invalid (nonsense): expected a port (loopback) or host:port"), "\(result.output)")
    }
}
