import EncryptedGather
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// `/simulator`: the dev-only softphone. Serves the page from `SIMULATOR_DIR` and
/// `POST /simulator/api/step`, which plays Twilio's part for one request of a call, so the
/// browser runs the TwiML while the auth token stays on the server.
///
/// Registered only with `--dev`; nothing here is reachable otherwise.
public struct SoftphoneController: Sendable {
    /// The page's files, the only ones served, with their content types.
    public static let assets: [String: String] = [
        "index.html": "text/html; charset=utf-8",
        "softphone.css": "text/css; charset=utf-8",
        "softphone.js": "text/javascript; charset=utf-8",
    ]
    /// A step's JSON is a few hundred bytes.
    public static var bodyLimit: Int { 4 * 1024 }
    /// The page loads its own script and style only and talks to its own origin only.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The header carrying the session token.
    public static let sessionHeader = HTTPField.Name("X-Softphone-Session")!

    private let directory: String
    private let recentLogLines: RecentLogLines
    private let session: SharedToken
    private let twilio: LoopbackTwilio
    private let endpoints: ServiceEndpoints
    private let fileIO = FileIO()

    /// A controller serving the page in `directory` and signing steps as `twilio`.
    public init(directory: String, recentLogLines: RecentLogLines, session: SharedToken, twilio: LoopbackTwilio, endpoints: ServiceEndpoints) {
        self.directory = directory
        self.recentLogLines = recentLogLines
        self.session = session
        self.twilio = twilio
        self.endpoints = endpoints
    }

    /// Adds `GET /simulator`, `GET /simulator/{asset}` and `POST /simulator/api/step` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/simulator") { _, context in try await self.asset(named: "index.html", context: context) }
        router.get("/simulator/:asset") { _, context in
            try await self.asset(named: context.parameters.get("asset") ?? "", context: context)
        }
        router.post("/simulator/api/step", use: step)
    }

    /// Whether a `Host` or `Origin` host names this machine (`127.0.0.1:8080`, `[::1]`, `localhost`).
    public static func isLoopback(authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return false }
        var host = Substring(authority)
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return ServerConfiguration.isLoopback(String(host))
    }

    func asset(named name: String, context: some RequestContext) async throws -> Response {
        // An allow-list, not a path join: no request can name another file.
        guard let contentType = Self.assets[name] else { throw APIError.notFound }
        let body: ResponseBody
        if FileManager.default.fileExists(atPath: directory + "/" + name) {
            do {
                body = try await fileIO.loadFile(path: directory + "/" + name, context: context)
            } catch {
                context.logger.error("softphone page unreadable", metadata: ["file": .string(name), "directory": .string(directory)])
                throw APIError.notFound
            }
        } else if let embedded = EmbeddedAssets.files["Simulator/\(name)"] {
            body = ResponseBody(byteBuffer: ByteBuffer(string: embedded))
        } else {
            throw APIError.notFound
        }
        return Response(
            status: .ok,
            headers: [.contentType: contentType, .cacheControl: "no-store", .contentSecurityPolicy: Self.contentSecurityPolicy],
            body: body
        )
    }

    @Sendable func step(request: Request, context: some RequestContext) async throws -> SoftphoneStepResponse {
        // Another site's page can post to a loopback server: a JSON body forces a CORS preflight
        // (never answered here), and Host and Origin must name this machine, which defeats DNS
        // rebinding. Otherwise any page would get a signing oracle for the webhook.
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else { throw APIError.notJSON }
        guard Self.isLoopback(authority: request.head.authority),
              request.headers[.origin].map({ Self.isLoopback(authority: URL(string: $0)?.host.map { "\($0)" }) }) ?? true
        else { throw APIError.notThisMachine }
        guard let presented = request.headers[Self.sessionHeader], session.matches(presented) else {
            throw APIError.noSoftphoneSession
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.bodyLimit)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit: Self.bodyLimit)
        }
        guard let step = try? JSONDecoder().decode(SoftphoneStepRequest.self, from: Data(body.readableBytesView)) else {
            throw APIError.unreadableStep
        }
        guard step.hasValidCallSid else { throw APIError.invalidCallSid }
        guard step.hasValidDigits else { throw APIError.invalidDigits }
        guard let path = step.webhookPath(publicBaseURL: endpoints.publicBaseURL) else { throw APIError.notTheWebhook }
        let mark = recentLogLines.mark
        let answer: LoopbackTwilio.Answer
        do {
            answer = try await twilio.request(path: path, callSid: step.callSid, digits: step.digits)
        } catch {
            context.logger.error("softphone could not reach the webhook", metadata: ["reason": .string("\(type(of: error))")])
            throw APIError.webhookUnreachable
        }
        return SoftphoneStepResponse(
            requestURL: answer.url, method: "POST", parameters: answer.redactedParameters, status: answer.status,
            twiml: answer.body, logLines: recentLogLines.lines(since: mark)
        )
    }
}
