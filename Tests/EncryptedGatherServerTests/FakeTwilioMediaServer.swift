import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Twilio's media endpoint on loopback: `GET /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.wav`
/// behind HTTP Basic auth, as the RecordingStatusCallback's downloads meet it. It records every
/// request, can fail the next ones with a status, and can hold requests until released.
final class FakeTwilioMediaServer: Sendable {
    /// A request as the fake saw it.
    struct SeenRequest: Sendable, Equatable {
        let path: String
        let authorization: String?
    }

    private struct State {
        var media: [String: [UInt8]] = [:]
        var failuresLeft = 0
        var failureStatus: HTTPResponse.Status = .internalServerError
        var isHolding = false
        var requests: [SeenRequest] = []
        var redirects: [String: String] = [:]
    }

    private let state = Mutex(State())
    /// The `Authorization` value it accepts, computed here rather than by the code under test.
    let expectedAuthorization: String

    /// A server accepting `username` and `password` (an account SID and auth token, or an API key).
    init(username: String, password: String) {
        expectedAuthorization = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    /// Every request so far, in arrival order.
    var requests: [SeenRequest] { state.withLock { $0.requests } }

    /// Serves `media` for `recordingSid`.
    func serve(_ media: [UInt8], as recordingSid: String) {
        state.withLock { $0.media[recordingSid] = media }
    }

    /// Answers requests for `recordingSid` with a 302 to `location`.
    func redirect(_ recordingSid: String, to location: String) {
        state.withLock { $0.redirects[recordingSid] = location }
    }

    /// Answers the next `count` requests with `status` (`Int.max`: every request).
    func fail(next count: Int, with status: HTTPResponse.Status = .internalServerError) {
        state.withLock {
            $0.failuresLeft = count
            $0.failureStatus = status
        }
    }

    /// Keeps requests waiting until `release()`, so a test can see what happens before a download.
    func hold() {
        state.withLock { $0.isHolding = true }
    }

    /// Lets held requests be answered.
    func release() {
        state.withLock { $0.isHolding = false }
    }

    /// Runs the server on a free loopback port for the duration of `body`, which gets its base URL
    /// (what `TWILIO_API_BASE_URL` would be).
    func run<Value: Sendable>(_ body: @Sendable (_ baseURL: String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.get("/2010-04-01/Accounts/:accountSid/Recordings/{recordingSid}.wav") { request, context in
            try await self.answer(request, recordingSid: context.parameters.require("recordingSid"))
        }
        var logger = Logger(label: "fake-twilio-media")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(try #require(client.port))")
        }
    }

    private func answer(_ request: Request, recordingSid: String) async throws -> Response {
        let authorization = request.headers[.authorization]
        state.withLock { $0.requests.append(SeenRequest(path: request.uri.path, authorization: authorization)) }
        while state.withLock({ $0.isHolding }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let failure: HTTPResponse.Status? = state.withLock {
            guard $0.failuresLeft > 0 else { return nil }
            if $0.failuresLeft != .max { $0.failuresLeft -= 1 }
            return $0.failureStatus
        }
        if let failure {
            return Response(status: failure)
        }
        if let location = state.withLock({ $0.redirects[recordingSid] }) {
            return Response(status: .found, headers: [.location: location])
        }
        guard authorization == expectedAuthorization else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: #"Basic realm="Twilio API""#])
        }
        guard let media = state.withLock({ $0.media[recordingSid] }) else {
            return Response(status: .notFound)
        }
        return Response(
            status: .ok, headers: [.contentType: "audio/x-wav"],
            body: .init(byteBuffer: ByteBuffer(bytes: media)))
    }
}
