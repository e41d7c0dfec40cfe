import CoreMetrics
import EncryptedGather
import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// Refuses (403) a webhook whose `X-Twilio-Signature` is missing or is not Twilio's for the URL
/// Twilio requested: `PUBLIC_BASE_URL` followed by the raw path and query. A valid request goes
/// on with the parameters it was checked over in `context.signedParameters`.
public struct TwilioSignatureMiddleware<Context: TwilioSignedRequestContext>: RouterMiddleware {
    /// Twilio's signature header.
    public static var headerName: HTTPField.Name { HTTPField.Name("X-Twilio-Signature")! }

    private let validator: RequestValidator
    private let endpoints: ServiceEndpoints
    private let failures: Counter?

    /// A middleware validating against the account's auth token, counting refusals in `failures`.
    public init(validator: RequestValidator, endpoints: ServiceEndpoints, failures: Counter? = nil) {
        self.validator = validator
        self.endpoints = endpoints
        self.failures = failures
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let signature = request.headers[Self.headerName] else {
            failures?.increment()
            context.logger.warning("webhook refused: no X-Twilio-Signature", metadata: ["path": .string(request.uri.path)])
            throw APIError.forbidden
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: TwilioWebhook.bodyLimit)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit: TwilioWebhook.bodyLimit)
        }
        let url = endpoints.publicBaseURL + request.uri.string
        let parameters = request.isFormEncoded ? FormParameters(urlEncoded: body) : FormParameters()
        guard validator.isValid(signature: signature, url: url, parameters: parameters, body: Array(buffer: body)) else {
            failures?.increment()
            context.logger.warning("webhook refused: X-Twilio-Signature does not match", metadata: ["path": .string(request.uri.path)])
            throw APIError.forbidden
        }
        var context = context
        context.signedParameters = parameters
        return try await next(request, context)
    }
}

/// The body limit of every signed webhook.
public enum TwilioWebhook {
    /// Twilio's webhook bodies are about 2 KB; anything far bigger is not Twilio, and is refused
    /// before the signature is checked, so an unsigned sender cannot make us buffer much.
    public static var bodyLimit: Int { 16 * 1024 }
}

extension Request {
    /// Whether the body is `application/x-www-form-urlencoded`, as Twilio posts webhooks.
    var isFormEncoded: Bool {
        guard method == .post else { return false }
        guard let contentType = headers[.contentType] else { return true }
        return contentType.lowercased().hasPrefix("application/x-www-form-urlencoded")
    }

    /// The query string decoded as Twilio's parameters.
    var queryParameters: FormParameters {
        FormParameters(urlEncoded: uri.query ?? "")
    }
}
