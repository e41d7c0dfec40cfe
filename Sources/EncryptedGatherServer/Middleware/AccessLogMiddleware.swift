import EncryptedGather
import Hummingbird
import Logging

/// One line per request: method, path, the query with `Digits` redacted, status and duration.
///
/// Replaces Hummingbird's `LogRequestsMiddleware`, which logs the full URI: a GET webhook carries
/// `Digits` in its query string.
public struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    /// A middleware logging at `info`.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status.code, started: started, context: context)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, status: status, started: started, context: context)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, started: ContinuousClock.Instant, context: Context) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "status": .stringConvertible(status),
            "duration_ms": .string(String(Int(milliseconds.rounded()))),
        ]
        if let query = request.uri.query, !query.isEmpty {
            metadata["query"] = .string(Self.redact(query: query))
        }
        context.logger.info("request", metadata: metadata)
    }

    /// The query with `Digits` replaced by `*REDACTED*`.
    static func redact(query: String) -> String {
        FormParameters(urlEncoded: query).redactingDigits.pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }
}
