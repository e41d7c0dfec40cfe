import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Prometheus
import Testing

/// `/metrics` as the metrics listener serves it: the counters move with signature failures, steps,
/// verifications, lockouts and recordings, the webhooks' listener serves no metrics, and nothing a
/// caller typed or Twilio identified shows in the output.
@Suite struct MetricsRouteTests {
    static let base = "https://gather.example.com"

    /// `GET /metrics` on a metrics listener over `export`'s registry: the content type and text.
    static func scrape(_ export: PrometheusExport) async throws -> (contentType: String?, text: String) {
        let app = buildMetricsApplication(address: MetricsAddress(port: 0), registry: export.registry, logger: LogCapture().logger())
        return try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                return (response.headers[.contentType], String(buffer: response.body))
            }
        }
    }

    /// The value of the series spelled exactly `series` (name and labels), if it is in `text`.
    static func value(of series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.dropFirst(series.count + 1)) }
    }

    /// Posts a signed webhook to `path`; the TwiML answer.
    static func step(_ path: String, digits: String?, client: some TestClientProtocol) async throws -> String {
        let request = TestServer.signedPost(url: base + path, parameters: TestServer.callParameters(digits: digits))
        return try await client.execute(uri: path, method: .post, headers: request.headers, body: request.body) { response in
            #expect(response.status == .ok)
            return String(buffer: response.body)
        }
    }

    /// A whole tutorial call, card then PIN; the TwiML of each step and the card's ciphertext.
    static func call(card: String, pin: String, client: some TestClientProtocol) async throws -> (twiml: [String], carried: String) {
        let first = try await step("/encrypted-gather", digits: nil, client: client)
        let pinStep = try #require(TestServer.actionPath(in: first, base: base))
        let second = try await step(pinStep, digits: card, client: client)
        let finalStep = try #require(TestServer.actionPath(in: second, base: base))
        let carried = try #require(FormParameters(urlEncoded: String(finalStep.split(separator: "?")[1]))["encryptedCardDigits"])
        let third = try await step(finalStep, digits: pin, client: client)
        return ([first, second, third], carried)
    }

    @Test func theCountersMoveWithSignatureFailuresStepsVerificationsAndLockouts() async throws {
        let export = PrometheusExport()
        var configuration = TestServer.configuration()
        configuration.metricsAddress = MetricsAddress(port: 0)
        // The in-process verification service of `buildApplication`, locking at the first failure.
        let app = try buildApplication(
            configuration: configuration, directory: try await TestServer.demoDirectory(),
            guards: .inMemory(policy: LockoutPolicy(maximumFailures: 1)), metrics: export, logger: LogCapture().logger())
        let before = try await Self.scrape(export).text
        #expect(Self.value(of: "encrypted_gather_signature_failures_total", in: before) == 0)
        #expect(Self.value(of: #"encrypted_gather_calls_total{step="getLast4CC",outcome="asked"}"#, in: before) == 0)
        #expect(Self.value(of: #"encrypted_gather_lockouts_total{subject="card"}"#, in: before) == 0)
        try await app.test(.router) { client in
            let unsigned = try await client.execute(uri: "/encrypted-gather", method: .post) { $0.status }
            #expect(unsigned == .forbidden)
            let verified = try await Self.call(card: "1234", pin: "4321", client: client)
            #expect(verified.twiml[2].contains("Your account number is AC12345678"))
            let wrongPin = try await Self.call(card: "1234", pin: "0000", client: client)
            #expect(wrongPin.twiml[2].contains("We were not able to locate you"))
            let invalid = try await Self.step("/encrypted-gather?step=getPin", digits: "12", client: client)
            #expect(invalid.contains("attempt=2"))
            // The webhooks' listener has no /metrics.
            #expect(try await client.execute(uri: "/metrics", method: .get) { $0.status } == .notFound)
        }
        let (contentType, text) = try await Self.scrape(export)
        #expect(contentType == "text/plain; version=0.0.4; charset=utf-8")
        let expected: [(String, Double)] = [
            ("encrypted_gather_signature_failures_total", 1),
            (#"encrypted_gather_calls_total{step="getLast4CC",outcome="asked"}"#, 2),
            (#"encrypted_gather_calls_total{step="getPin",outcome="asked"}"#, 2),
            (#"encrypted_gather_calls_total{step="getPin",outcome="reasked_invalid"}"#, 1),
            (#"encrypted_gather_calls_total{step="processData",outcome="verified"}"#, 1),
            (#"encrypted_gather_calls_total{step="processData",outcome="not_found"}"#, 1),
            (#"encrypted_gather_verifier_latency_seconds_count{outcome="found"}"#, 1),
            (#"encrypted_gather_verifier_latency_seconds_count{outcome="not_found"}"#, 1),
            (#"encrypted_gather_lockouts_total{subject="card"}"#, 1),
        ]
        for (series, value) in expected {
            #expect(Self.value(of: series, in: text) == value, "\(series)\n\(text)")
        }
        #expect(text.contains("# TYPE encrypted_gather_verifier_latency_seconds histogram"))
        #expect(text.contains(#"encrypted_gather_verifier_latency_seconds_bucket{outcome="found",le="0.001"}"#), "\(text)")
    }

    @Test func noDigitCiphertextSidPhoneOrAccountNumberAppearsInTheMetrics() async throws {
        let export = PrometheusExport()
        let harness = try RecordingCallbackHarness()
        let recording = try harness.makeRecording()
        let media = FakeTwilioMediaServer(username: RecordingCallbackHarness.accountSid, password: RecordingCallbackHarness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        let carried = try await media.run { apiBaseURL in
            let app = try await harness.application(apiBaseURL: apiBaseURL, metrics: export)
            return try await app.test(.router) { client in
                let carried = try await Self.call(card: "1234", pin: "4321", client: client).carried
                let answer = try await harness.post(RecordingCallbackHarness.callback(for: recording, apiBaseURL: apiBaseURL), to: client)
                #expect(answer.status == .noContent)
                #expect(try await harness.eventually { harness.decrypted(recording) != nil })
                await harness.idle()
                return carried
            }
        }
        let text = try await Self.scrape(export).text
        #expect(Self.value(of: #"encrypted_gather_recording_jobs_total{state="accepted"}"#, in: text) == 1)
        #expect(Self.value(of: #"encrypted_gather_recording_jobs_total{state="decrypted"}"#, in: text) == 1)
        let parameters = TestServer.callParameters()
        let secrets = [
            "1234", "4321", carried, try #require(parameters["CallSid"]), try #require(parameters["AccountSid"]), "+15005550006", "5005550006",
            "+15005550001", "AC12345678", RecordingCallbackHarness.callSid, RecordingCallbackHarness.accountSid, recording.recordingSid,
        ]
        for secret in secrets {
            // Standing alone: not part of a longer number such as a latency sum.
            let pattern = "(?<![0-9A-Za-z.])\(NSRegularExpression.escapedPattern(for: secret))(?![0-9A-Za-z.])"
            #expect(text.range(of: pattern, options: .regularExpression) == nil, "\(secret) in /metrics")
        }
    }

    @Test func recordingJobsAreCountedByState() async throws {
        typealias Harness = RecordingCallbackHarness
        let export = PrometheusExport()
        let harness = try Harness()
        let retried = try harness.makeRecording(byteCount: 100)
        let givenUp = try harness.makeRecording(byteCount: 100)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(retried.media, as: retried.recordingSid)
        media.serve(givenUp.media, as: givenUp.recordingSid)
        media.fail(next: 2)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base, metrics: export)
            try await app.test(.router) { client in
                let first = try await harness.post(Harness.callback(for: retried, apiBaseURL: base), to: client)
                #expect(first.status == .noContent)
                #expect(try await harness.eventually { harness.decrypted(retried) != nil })
                await harness.idle()
                #expect(try await harness.post(Harness.callback(for: retried, apiBaseURL: base), to: client).status == .noContent)
                let foreign = Harness.callback(for: givenUp, apiBaseURL: base, recordingURL: "https://evil.example.com/Recordings/\(givenUp.recordingSid)")
                #expect(try await harness.post(foreign, to: client).status == .badRequest)
                media.fail(next: .max, with: .serviceUnavailable)
                #expect(try await harness.post(Harness.callback(for: givenUp, apiBaseURL: base), to: client).status == .noContent)
                await harness.idle()
            }
        }
        let text = try await Self.scrape(export).text
        let expected: [(String, Double)] = [
            ("accepted", 2), ("decrypted", 1), ("retried", Double(2 + Harness.fastRetry.maximumAttempts - 1)), ("repeated", 1), ("refused", 1),
            ("failed", 1), ("resumed", 0),
        ]
        for (state, value) in expected {
            let series = #"encrypted_gather_recording_jobs_total{state=""# + state + #""}"#
            #expect(Self.value(of: series, in: text) == value, "\(series)\n\(text)")
        }
    }
}
