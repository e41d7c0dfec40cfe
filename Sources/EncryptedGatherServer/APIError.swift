import EncryptedGather
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

    /// 400: a verification request that breaks the contract (version, flow, fields).
    public static func invalidRequest(_ error: VerificationRequestError) -> Self { Self(.badRequest, error.description) }
    /// 400: a ciphertext did not open under our key.
    public static let notAuthentic = Self(.badRequest, "ciphertext failed authentication")
    /// 400: a value did not open: forged, expired, bound to another call or field, or sealed to
    /// a key this verifier lacks.
    public static func unopenable(_ failure: OpenFailure) -> Self { Self(.badRequest, failure.description) }
    /// 400: the body could not be read as JSON or a form.
    public static let unreadableBody = Self(.badRequest, "body must be a JSON object or a form with encryptedCardDigits and encryptedPinDigits")
    /// 400: a softphone step is not a JSON object with `callSid` and `url`.
    public static let unreadableStep = Self(.badRequest, "body must be a JSON object with callSid, url and optional digits")
    /// 400: a softphone step's `callSid` is not `CA` and 32 hex digits.
    public static let invalidCallSid = Self(.badRequest, "callSid must be CA followed by 32 lowercase hex digits")
    /// 400: a softphone step's `digits` holds more than a keypad can send.
    public static let invalidDigits = Self(.badRequest, "digits may hold at most 64 of 0-9, * and #")
    /// 400: a softphone step's `url` is not this server's webhook.
    public static let notTheWebhook = Self(.badRequest, "url must be this server's /encrypted-gather webhook")
    /// 400: a RecordingStatusCallback that can never be processed; the reason names parameters,
    /// not their values.
    public static func invalidCallback(_ reason: String) -> Self { Self(.badRequest, reason) }
    /// 415: a webhook body that is not a form, whose parameters the signature did not cover.
    public static let notAForm = Self(.unsupportedMediaType, "body must be application/x-www-form-urlencoded")
    /// 415: a softphone step that is not JSON (a cross-site form post cannot send JSON).
    public static let notJSON = Self(.unsupportedMediaType, "body must be application/json")
    /// 403: a softphone request from anything but this machine's own page.
    public static let notThisMachine = Self(.forbidden, "the softphone answers its own page on this machine only")
    /// 403: a softphone step without this start's session token.
    public static let noSoftphoneSession = Self(.forbidden, "the softphone needs the session token in the URL printed at start-up")
    /// 409: the last value of this request was verified before; each verifies once.
    public static let alreadyUsed = Self(.conflict, "ciphertext already used")
    /// 401: the bearer token is missing or wrong.
    public static let unauthorized = Self(.unauthorized, "missing or invalid bearer token")
    /// 403: `X-Twilio-Signature` is missing or wrong.
    public static let forbidden = Self(.forbidden, "missing or invalid X-Twilio-Signature")
    /// 404: no account matches; the tutorial's text.
    public static let noDataFound = Self(.notFound, "No data found")
    /// 404: nothing here.
    public static let notFound = Self(.notFound, "not found")
    /// 413: the body is over the route's limit.
    public static func bodyTooLarge(limit: Int) -> Self { Self(.contentTooLarge, "body is larger than \(limit) bytes") }
    /// 502: the softphone's request to the webhook got no answer.
    public static let webhookUnreachable = Self(.badGateway, "the webhook did not answer")
    /// 503: the recording journal cannot be written, so the callback was not recorded.
    public static let journalUnavailable = Self(.serviceUnavailable, "the recording journal cannot be written; try again")
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
