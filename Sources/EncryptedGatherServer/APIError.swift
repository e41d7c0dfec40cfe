import Foundation
import Hummingbird

/// The one error type the routes throw: renders `{"error":"…"}` with its status. The message is
/// fixed text chosen here, never request data, so an error body cannot echo a digit back.
public struct APIError: HTTPResponseError, Sendable {
    /// The response status.
    public let status: HTTPResponse.Status
    /// The `error` string of the body.
    public let message: String

    private init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// 400: a required field is absent.
    public static func missingField(_ name: String) -> Self { Self(.badRequest, "\(name) is required") }
    /// 400: a field is not a well-formed ciphertext.
    public static func malformedCiphertext(_ name: String) -> Self {
        Self(.badRequest, "\(name) is not a valid ciphertext (hex of nonce, ciphertext and tag)")
    }
    /// 400: a ciphertext did not open under our key.
    public static let notAuthentic = Self(.badRequest, "ciphertext failed authentication")
    /// 400: the body could not be read as JSON or a form.
    public static let unreadableBody = Self(.badRequest, "body must be a JSON object or a form with encryptedCardDigits and encryptedPinDigits")
    /// 401: the bearer token is missing or wrong.
    public static let unauthorized = Self(.unauthorized, "missing or invalid bearer token")
    /// 403: `X-Twilio-Signature` is missing or wrong.
    public static let forbidden = Self(.forbidden, "missing or invalid X-Twilio-Signature")
    /// 404: no account matches; the tutorial's text.
    public static let noDataFound = Self(.notFound, "No data found")
    /// 413: the body is over the route's limit.
    public static func bodyTooLarge(limit: Int) -> Self { Self(.contentTooLarge, "body is larger than \(limit) bytes") }
    /// 503: a dependency is down.
    public static let unavailable = Self(.serviceUnavailable, "the account directory is unavailable")

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONSerialization.data(withJSONObject: ["error": message], options: [.sortedKeys])
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
