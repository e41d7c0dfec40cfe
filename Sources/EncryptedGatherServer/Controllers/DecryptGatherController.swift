import EncryptedGather
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `POST /decrypt-gather`: the verifier. The only route that decrypts; it answers the caller's
/// account to whoever holds `VERIFY_TOKEN`, and nothing of the request to anyone.
public struct DecryptGatherController<Directory: AccountDirectory>: Sendable {
    /// The two ciphertexts are under 100 bytes each; a few KB is generous.
    public static var bodyLimit: Int { 4 * 1024 }

    private let service: VerificationService<Directory>
    private let flow: Flow
    private let verifyToken: SharedToken

    /// A controller over `service` for `flow`, requiring `Authorization: Bearer <verifyToken>`.
    public init(service: VerificationService<Directory>, flow: Flow, verifyToken: SharedToken) {
        self.service = service
        self.flow = flow
        self.verifyToken = verifyToken
    }

    /// Adds `POST /decrypt-gather` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post("/decrypt-gather", use: handle)
    }

    @Sendable func handle(request: Request, context: some RequestContext) async throws -> Response {
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
              verifyToken.matches(authorization.dropFirst("Bearer ".count))
        else {
            throw APIError.unauthorized
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.bodyLimit)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit: Self.bodyLimit)
        }
        let fields = try Self.fields(of: body, contentType: request.headers[.contentType])
        let verification: VerificationRequest
        do {
            verification = try VerificationRequest(fields: fields, flow: flow)
        } catch {
            context.logger.notice("verification refused an unreadable request", metadata: ["reason": .string(error.description)])
            throw APIError.invalidRequest(error)
        }
        let account: Account?
        do {
            account = try await service.account(for: verification)
        } catch .unopenable(let failure) {
            context.logger.notice("verification refused a value", metadata: ["reason": .string(failure.description)])
            throw APIError.unopenable(failure)
        } catch .alreadyUsed {
            throw APIError.alreadyUsed
        } catch .otherFlow {
            context.logger.notice("verification refused a request for another flow")
            throw APIError.invalidRequest(.otherFlow)
        } catch {
            context.logger.error("verification failed", metadata: ["reason": .string(error.description)])
            throw APIError.unavailable
        }
        guard let account else {
            context.logger.info("verification", metadata: ["outcome": "notFound"])
            throw APIError.noDataFound
        }
        context.logger.info("verification", metadata: ["outcome": "found", "account": .string(account.number)])
        // What JSONEncoder wrote with sorted keys, without building one per answer.
        let json = JSONText.object([("account", account.number), ("balance", account.balance.description)])
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: json))
        )
    }

    /// The body's fields: a JSON object (the tutorial's axios call) or a form.
    static func fields(of body: ByteBuffer, contentType: String?) throws -> [String: String] {
        let isJSON = contentType?.lowercased().contains("json") ?? (body.readableBytesView.first == UInt8(ascii: "{"))
        if isJSON {
            if let fields = JSONText.flatObject(body.readableBytesView) { return fields }
            guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
                throw APIError.unreadableBody
            }
            // `version` is a number; every other field is a string.
            return object.compactMapValues { ($0 as? String) ?? ($0 as? Int).map(String.init) }
        }
        var fields: [String: String] = [:]
        for pair in FormParameters(urlEncoded: body).pairs where fields[pair.name] == nil {
            fields[pair.name] = pair.value
        }
        return fields
    }
}
