import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import Testing

/// The dev-only softphone: its page and `POST /simulator/api/step`, which signs and forwards one
/// webhook request so the browser never holds a secret.
@Suite struct SoftphoneRouteTests {
    static let callSid = "CA" + String(repeating: "0123456789abcdef", count: 2)
    static let secrets = [TestServer.authToken.value, TestServer.verifyToken.value, String(repeating: "3c", count: 32)]

    static func configuration(isDevelopment: Bool) -> ServerConfiguration {
        var configuration = TestServer.configuration(publicBaseURL: nil)
        configuration.isDevelopment = isDevelopment
        configuration.simulatorDirectory = TestServer.repositoryRoot.appendingPathComponent("Simulator").path
        return configuration
    }

    /// An application with the softphone, its logger writing into `lines`.
    static func application(isDevelopment: Bool = true, lines: RecentLogLines = RecentLogLines()) async throws -> some ApplicationProtocol {
        var logger = Logger(label: "encrypted-gather") { label in lines.handler(label: label) }
        logger.logLevel = .info
        return try buildApplication(
            configuration: configuration(isDevelopment: isDevelopment), directory: try await TestServer.demoDirectory(),
            softphone: Softphone(recentLogLines: lines, session: session), logger: logger)
    }

    static func stepBody(url: String, digits: String? = nil, callSid: String = callSid) -> ByteBuffer {
        var object = ["callSid": callSid, "url": url]
        if let digits { object["digits"] = digits }
        return ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    static let session = SharedToken(unchecked: "softphone-session-token-0123456789")
    static let jsonHeaders: HTTPFields = [.contentType: "application/json", SoftphoneController.sessionHeader: session.value]

    /// Lines where `digits` stands as a whole token.
    static func lines(_ lines: [String], containing digits: String) -> [String] {
        lines.filter { $0.range(of: "(?<![0-9A-Za-z])\(digits)(?![0-9A-Za-z])", options: .regularExpression) != nil }
    }

    @Test func outsideDevModeTheSoftphoneAndItsAPIAre404() async throws {
        let app = try await Self.application(isDevelopment: false)
        try await app.test(.router) { client in
            for uri in ["/simulator", "/simulator/", "/simulator/index.html", "/simulator/softphone.js", "/Simulator/index.html", "/Simulator/softphone.js"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
            try await client.execute(uri: "/simulator/api/step", method: .post, headers: Self.jsonHeaders, body: Self.stepBody(url: "/encrypted-gather")) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func inDevModeThePageIsServedFromItsOwnFolderOnly() async throws {
        let app = try await Self.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/simulator", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("connect-src 'self'") == true)
                let page = String(buffer: response.body)
                #expect(page.contains(#"role="group" aria-label="Keypad""#))
                #expect(page.contains(#"src="/simulator/softphone.js""#))
                #expect(!page.contains("http://") && !page.contains("https://"), "no CDN, no network")
                for secret in Self.secrets { #expect(!page.contains(secret)) }
            }
            for asset in ["softphone.js", "softphone.css"] {
                try await client.execute(uri: "/simulator/\(asset)", method: .get) { response in
                    #expect(response.status == .ok)
                    for secret in Self.secrets { #expect(!String(buffer: response.body).contains(secret)) }
                }
            }
            for uri in ["/simulator/../Package.swift", "/simulator/%2E%2E%2FPackage.swift", "/simulator/README.md", "/Simulator/index.html"] {
                try await client.execute(uri: uri, method: .get) { response in
                    // The static files refuse `..` with 400 before the router sees it; either way, no file.
                    #expect(response.status == .notFound || response.status == .badRequest, "\(uri)")
                    #expect(!String(buffer: response.body).contains("swift-tools-version"))
                }
            }
        }
    }

    @Test func aWholeCallThroughTheAPIReturnsTwiMLAndRedactedLogLines() async throws {
        let lines = RecentLogLines()
        let app = try await Self.application(lines: lines)
        try await app.test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            var url = "/encrypted-gather"
            var answers: [SoftphoneStepResponse] = []
            for digits in [nil, "1234", "4321"] {
                let answer = try await client.execute(uri: "/simulator/api/step", method: .post, headers: Self.jsonHeaders, body: Self.stepBody(url: url, digits: digits)) { response in
                    #expect(response.status == .ok)
                    let raw = String(buffer: response.body)
                    for secret in Self.secrets { #expect(!raw.contains(secret)) }
                    #expect(Self.lines([raw], containing: "1234").isEmpty && Self.lines([raw], containing: "4321").isEmpty)
                    return try JSONDecoder().decode(SoftphoneStepResponse.self, from: Data(response.body.readableBytesView))
                }
                answers.append(answer)
                // The next request is the <Gather> action, absolute as TwiML names it.
                url = TestServer.actionPath(in: answer.twiml, base: base).map { base + $0 } ?? url
            }
            #expect(answers[0].requestURL == base + "/encrypted-gather")
            #expect(answers[0].status == 200)
            #expect(answers[0].twiml.contains("Please enter last 4 digits of your payment card number."))
            #expect(answers[0].parameters["CallSid"] == Self.callSid)
            #expect(answers[0].parameters["ApiVersion"] == "2010-04-01")
            #expect(answers[0].parameters["Digits"] == nil)
            #expect(answers[0].logLines.contains { $0.contains("gather step") && $0.contains("step=getLast4CC") })
            #expect(answers[1].requestURL == base + "/encrypted-gather?step=getPin")
            #expect(answers[1].parameters["Digits"] == "*REDACTED*")
            #expect(answers[2].requestURL.hasPrefix(base + "/encrypted-gather?step=processData&encryptedCardDigits="))
            #expect(answers[2].twiml.contains("Your account number is AC12345678 and your balance is 12.55"))
            #expect(answers[2].logLines.contains { $0.contains("gather step") && $0.contains("outcome=verified") })
            #expect(answers[2].logLines.contains { $0.contains("Digits=*REDACTED*") })
            let every = answers.flatMap(\.logLines)
            #expect(Self.lines(every, containing: "1234") == [])
            #expect(Self.lines(every, containing: "4321") == [])
        }
        #expect(Self.lines(lines.all, containing: "1234") == [])
        #expect(Self.lines(lines.all, containing: "4321") == [])
        for secret in Self.secrets { #expect(!lines.all.contains { $0.contains(secret) }) }
    }

    @Test func aURLOtherThanTheWebhookIsRefused() async throws {
        let app = try await Self.application()
        try await app.test(.router) { client in
            let refused = [
                "/decrypt-gather", "/healthz", "/simulator/api/step", "/encrypted-gatherer", "/encrypted-gather/../decrypt-gather",
                "http://evil.example.com/encrypted-gather", "//evil.example.com/encrypted-gather", "encrypted-gather",
                "/encrypted-gather#fragment", "/encrypted-gather?step=getPin\r\nX-Twilio-Signature: forged",
            ]
            for url in refused {
                try await client.execute(uri: "/simulator/api/step", method: .post, headers: Self.jsonHeaders, body: Self.stepBody(url: url)) { response in
                    #expect(response.status == .badRequest, "\(url)")
                    #expect(String(buffer: response.body) == #"{"error":"url must be this server's \/encrypted-gather webhook"}"#)
                }
            }
        }
    }

    @Test func aMalformedStepIsRefusedWithoutEchoingIt() async throws {
        let app = try await Self.application()
        try await app.test(.router) { client in
            let cases: [(ByteBuffer, String)] = [
                (ByteBuffer(string: "callSid=CA1&url=/encrypted-gather"), "body must be a JSON object with callSid, url and optional digits"),
                (Self.stepBody(url: "/encrypted-gather", callSid: "CA1234"), "callSid must be CA followed by 32 lowercase hex digits"),
                (Self.stepBody(url: "/encrypted-gather", digits: "12a4"), "digits may hold at most 64 of 0-9, * and #"),
                (Self.stepBody(url: "/encrypted-gather", digits: String(repeating: "1", count: 65)), "digits may hold at most 64 of 0-9, * and #"),
            ]
            for (body, message) in cases {
                try await client.execute(uri: "/simulator/api/step", method: .post, headers: Self.jsonHeaders, body: body) { response in
                    #expect(response.status == .badRequest)
                    let decoded = try JSONDecoder().decode([String: String].self, from: Data(response.body.readableBytesView))
                    #expect(decoded == ["error": message])
                }
            }
        }
    }

    /// The review signed 400 guesses a second through the softphone from another local process:
    /// the API now wants the token from the URL that only the start-up log shows.
    @Test(arguments: [nil, "", "softphone-session-token-0123456788"])
    func aStepWithoutThisStartsSessionTokenIs403(token: String?) async throws {
        let app = try await Self.application()
        try await app.test(.router) { client in
            var headers: HTTPFields = [.contentType: "application/json"]
            if let token { headers[SoftphoneController.sessionHeader] = token }
            try await client.execute(uri: "/simulator/api/step", method: .post, headers: headers, body: Self.stepBody(url: "/encrypted-gather")) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body) == #"{"error":"the softphone needs the session token in the URL printed at start-up"}"#)
            }
        }
    }

    @Test func theLogBufferKeepsOnlyTheNewestLines() {
        let lines = RecentLogLines(capacity: 3)
        let logger = Logger(label: "test") { label in lines.handler(label: label) }
        logger.info("one")
        let mark = lines.mark
        for message in ["two", "three", "four", "five"] { logger.info("\(message)") }
        #expect(lines.all.count == 3)
        #expect(lines.all.map { $0.split(separator: " ").dropFirst(2).joined(separator: " ") } == ["three", "four", "five"])
        #expect(lines.lines(since: mark).count == 3)
        #expect(lines.lines(since: lines.mark).isEmpty)
    }
}
