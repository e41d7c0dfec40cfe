import AsyncHTTPClient
import EncryptedGather
import Foundation
import NIOCore
import NIOHTTP1

/// Requests a voice webhook as Twilio does: form-encoded parameters, signed with
/// `X-Twilio-Signature` under the account's auth token.
public struct WebhookClient: Sendable {
    /// Twilio gives a webhook 15 seconds to answer.
    public static var timeout: TimeAmount { .seconds(15) }

    private let client: HTTPClient
    private let validator: RequestValidator

    /// A client signing with `authToken`, over `client`.
    public init(client: HTTPClient, authToken: SharedToken) {
        self.client = client
        self.validator = RequestValidator(authToken: authToken)
    }

    /// The webhook's answer.
    public struct Answer: Sendable {
        /// The HTTP status.
        public let status: Int
        /// The body.
        public let body: String
        /// The `Content-Type` header.
        public let contentType: String?
    }

    /// Requests `url` with `parameters`: in the body for POST, appended to the query for GET.
    ///
    /// - Parameter signedURL: the URL to sign when it differs from the one requested: the public
    ///   URL a webhook validates against, while the bytes go to it over loopback.
    public func request(_ url: String, method: String, parameters: FormParameters, signedAs signedURL: String? = nil) async throws -> Answer {
        var request: HTTPClientRequest
        if method == "GET" {
            let separator = url.contains("?") ? "&" : "?"
            let query = parameters.pairs.isEmpty ? "" : separator + parameters.urlEncoded
            request = HTTPClientRequest(url: url + query)
            request.method = .GET
            request.headers.add(name: "X-Twilio-Signature", value: validator.signature(url: (signedURL ?? url) + query, parameters: FormParameters()))
        } else {
            request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.headers.add(name: "X-Twilio-Signature", value: validator.signature(url: signedURL ?? url, parameters: parameters))
            request.body = .bytes(ByteBuffer(string: parameters.urlEncoded))
        }
        request.headers.add(name: "User-Agent", value: "TwilioProxy/1.1 (encrypted-gather simulate)")
        let response = try await client.execute(request, timeout: Self.timeout)
        let body = try await response.body.collect(upTo: 1024 * 1024)
        return Answer(status: Int(response.status.code), body: String(buffer: body), contentType: response.headers.first(name: "Content-Type"))
    }
}
