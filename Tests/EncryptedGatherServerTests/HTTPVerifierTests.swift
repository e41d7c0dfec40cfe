import AsyncHTTPClient
import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import NIOCore
import Synchronization
import Testing

/// A verifier on a real socket that answers what a test tells it to; with `hold`, it answers
/// only once the test lets it go, so "after the time-out" is an event, not a guess at a sleep.
struct FakeVerifier: Sendable {
    let status: HTTPResponse.Status
    let body: String
    let hold: AsyncStream<Void>?
    /// How many requests have arrived so far.
    let received = RequestCount()

    final class RequestCount: Sendable {
        private let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
        func increment() { count.withLock { $0 += 1 } }
    }

    init(status: HTTPResponse.Status, body: String = "{}", hold: AsyncStream<Void>? = nil) {
        self.status = status
        self.body = body
        self.hold = hold
    }

    func run<T: Sendable>(_ test: @Sendable @escaping (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/decrypt-gather") { [self] _, _ in
            received.increment()
            if let hold { for await _ in hold { break } }
            return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        var logger = Logger(label: "fake-verifier")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in try await test("http://127.0.0.1:\(client.port!)/decrypt-gather") }
    }
}

/// `HTTPVerifier` tells an answer (200, 404) from a fault of ours (any other status) and from a
/// slow verifier, so a version skew can never pass as "not found".
@Suite struct HTTPVerifierTests {
    static let request = VerificationRequest(
        flow: "tutorial", ciphertexts: ["card": .tutorial(TestServer.cipher.seal(Digits("1234"))), "pin": .tutorial(TestServer.cipher.seal(Digits("4321")))])

    static func verifier(_ url: String, timeout: TimeAmount = .seconds(5)) -> HTTPVerifier {
        HTTPVerifier(
            client: .shared, endpoints: ServiceEndpoints(configuration: TestServer.configuration(verifyURL: url)),
            token: TestServer.verifyToken, timeout: timeout)
    }

    @Test(arguments: [
        (200, #"{"account":"AC12345678","balance":"12.55"}"#, VerificationResult.found(DemoAccount.account)),
        (404, #"{"error":"No data found"}"#, .notFound),
        (404, "No data found", .notFound),
        (404, #"{"error":"not found"}"#, .unavailable(.refused(status: 404))),
        (400, #"{"error":"encryptedPinDigits is required"}"#, .unavailable(.refused(status: 400))),
        (401, #"{"error":"missing or invalid bearer token"}"#, .unavailable(.refused(status: 401))),
        (500, "", .unavailable(.failed(status: 500))),
        (503, "", .unavailable(.failed(status: 503))),
        (200, "<html>", .unavailable(.unreadableAnswer)),
    ])
    func eachStatusMeansWhatItSays(status: Int, body: String, expected: VerificationResult) async throws {
        let result = try await FakeVerifier(status: HTTPResponse.Status(code: status), body: body).run { url in
            await Self.verifier(url).verify(Self.request)
        }
        #expect(result == expected)
    }

    @Test func aVerifierThatAnswersAfterTheTimeOutIsTimedOut() async throws {
        let (hold, release) = AsyncStream<Void>.makeStream()
        let fake = FakeVerifier(status: .ok, body: #"{"account":"AC12345678","balance":"12.55"}"#, hold: hold)
        let result = try await fake.run { url in
            let result = await Self.verifier(url, timeout: .milliseconds(200)).verify(Self.request)
            release.yield()
            return result
        }
        #expect(result == .unavailable(.timedOut))
    }

    @Test func aVerifierThatIsNotThereIsUnreachable() async {
        guard case .unavailable(.unreachable) = await Self.verifier("http://127.0.0.1:1/decrypt-gather", timeout: .milliseconds(300)).verify(Self.request) else {
            Issue.record("expected unreachable")
            return
        }
    }

    /// The caller hears "not found" either way, but the operator reads an error: a gather side
    /// and a verifier that disagree must not turn every caller away in silence.
    @Test(arguments: [400, 401, 500])
    func aFaultBetweenGatherAndVerifierIsLoggedAsAnError(status: Int) async throws {
        let logs = LogCapture()
        try await FakeVerifier(status: HTTPResponse.Status(code: status)).run { url in
            let app = try await TestServer.application(verifier: Self.verifier(url), logs: logs)
            try await Self.answerPinStep(app) { twiml in
                #expect(twiml.contains("We were not able to locate you in our system. Goodbye."))
            }
        }
        let errors = logs.all.filter { $0.hasPrefix("error ") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains("outcome=verifierUnavailable") == true)
        #expect(errors.first?.contains("HTTP \(status)") == true)
    }

    @Test func aSlowVerifierIsLoggedAsATimeOut() async throws {
        let logs = LogCapture()
        let (hold, release) = AsyncStream<Void>.makeStream()
        try await FakeVerifier(status: .ok, hold: hold).run { url in
            let app = try await TestServer.application(verifier: Self.verifier(url, timeout: .milliseconds(200)), logs: logs)
            try await Self.answerPinStep(app) { twiml in
                #expect(twiml.contains("We were not able to locate you in our system. Goodbye."))
            }
            release.yield()
        }
        #expect(logs.all.contains { $0.hasPrefix("error ") && $0.contains("outcome=verifierTimedOut") })
    }

    @Test func notFoundIsNoError() async throws {
        let logs = LogCapture()
        try await FakeVerifier(status: .notFound, body: #"{"error":"No data found"}"#).run { url in
            let app = try await TestServer.application(verifier: Self.verifier(url), logs: logs)
            try await Self.answerPinStep(app) { _ in }
        }
        #expect(logs.all.contains { $0.contains("outcome=notFound") })
        #expect(!logs.all.contains { $0.hasPrefix("error ") })
    }

    static func answerPinStep(_ app: some ApplicationProtocol, _ check: @Sendable @escaping (String) -> Void) async throws {
        try await app.test(.router) { client in
            let card = TestServer.cipher.seal(Digits("1234"))
            let uri = "/encrypted-gather?step=processData&encryptedCardDigits=\(card.hex)"
            let request = TestServer.signedPost(url: "https://gather.example.com" + uri, parameters: TestServer.callParameters(digits: "4321"))
            try await client.execute(uri: uri, method: .post, headers: request.headers, body: request.body) { response in
                #expect(response.status == .ok)
                check(String(buffer: response.body))
            }
        }
    }
}
