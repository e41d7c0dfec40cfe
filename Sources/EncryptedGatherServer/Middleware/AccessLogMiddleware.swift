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
            "path": .string(Self.escape(path: request.uri.path)),
            "status": .stringConvertible(status),
            "duration_ms": .string(String(Int(milliseconds.rounded()))),
        ]
        if let query = request.uri.query, !query.isEmpty {
            metadata["query"] = .string(Self.redact(query: query))
        }
        context.logger.info("request", metadata: metadata)
    }

    /// The longest query written; Twilio's are a few hundred bytes.
    static var queryLimit: Int { 512 }

    /// The query with `Digits` replaced by `*REDACTED*`, re-encoded so that no space, control
    /// character or `=` of a value can stand in the line as if it were another key, and cut at
    /// `queryLimit` bytes.
    static func redact(query: String) -> String {
        let pairs = FormParameters(urlEncoded: query).redactingDigits.pairs.map { pair in
            (pair.name, loggable(name: pair.name, value: pair.value))
        }
        return cut(FormParameters(pairs).urlEncoded, at: queryLimit)
    }

    /// A carried ciphertext is shortened to what tells it apart (a sealed value's key id and time,
    /// a tutorial value's first 8 hex characters): a log must not hold values a verifier opens.
    /// The softphone's session token is a secret.
    static func loggable(name: String, value: String) -> String {
        if name == "session" { return Digits.redacted }
        guard name.hasPrefix("encrypted"), name.hasSuffix("Digits") else { return value }
        if case .sealed(let envelope)? = FieldCiphertext(wire: value) {
            return "s1.\(envelope.keyID).\(envelope.sealedAt).…"
        }
        return String(value.prefix(8)) + "…"
    }

    /// The path with anything but visible ASCII percent-encoded, cut at `queryLimit` bytes.
    static func escape(path: String) -> String {
        let isPlain = { (byte: UInt8) in byte > 0x20 && byte < 0x7f && byte != UInt8(ascii: "%") && byte != UInt8(ascii: "=") }
        guard !path.utf8.allSatisfy(isPlain) else { return cut(path, at: queryLimit) }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(path.utf8.count * 3)
        for byte in path.utf8 {
            if isPlain(byte) {
                escaped.append(byte)
            } else {
                let digit = { (nibble: UInt8) in nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10 }
                escaped += [UInt8(ascii: "%"), digit(byte >> 4), digit(byte & 0x0f)]
            }
        }
        return cut(String(decoding: escaped, as: UTF8.self), at: queryLimit)
    }

    private static func cut(_ text: String, at limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        // The text is ASCII here, so cutting bytes cuts characters.
        return String(decoding: text.utf8.prefix(limit), as: UTF8.self) + "...(cut from \(text.utf8.count) bytes)"
    }
}
