import AsyncHTTPClient
import EncryptedGather
import Foundation
import NIOCore
import NIOHTTP1

/// Asks the verification endpoint (`VERIFY_URL`) over HTTP: the `VerificationRequest` as JSON with
/// the bearer token, as the tutorial's axios call does.
///
/// Only 200 and 404 "No data found" are answers. Any other status is a fault between gather and verifier (a
/// token or version skew, a crash) and a time-out is a slow verifier: both are `unavailable`, so
/// the call flow logs them as errors instead of reading them as "not found".
public struct HTTPVerifier: Verifier {
    /// Twilio waits 15 s for a webhook answer; the caller must hear "not found" well before that.
    public static var defaultTimeout: TimeAmount { .seconds(5) }

    private let client: HTTPClient
    private let endpoints: ServiceEndpoints
    private let token: SharedToken
    private let timeout: TimeAmount

    /// A verifier posting to `endpoints.verifyURL` with `token`, over `client`.
    public init(client: HTTPClient = .shared, endpoints: ServiceEndpoints, token: SharedToken, timeout: TimeAmount = HTTPVerifier.defaultTimeout) {
        self.client = client
        self.endpoints = endpoints
        self.token = token
        self.timeout = timeout
    }

    public func verify(_ verification: VerificationRequest) async -> VerificationResult {
        var request = HTTPClientRequest(url: endpoints.verifyURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(token.value)")
        request.body = .bytes(ByteBuffer(bytes: verification.jsonBody()))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 16 * 1024)
            switch response.status.code {
            case 200:
                guard let account = try? JSONDecoder().decode(Account.self, from: Data(body.readableBytesView)) else {
                    return .unavailable(.unreadableAnswer)
                }
                return .found(account)
            case 404 where String(buffer: body).contains("No data found"):
                // The verifier's answer (the tutorial's plain text, or our JSON). Any other 404
                // is a wrong VERIFY_URL, which must not pass as "not found".
                return .notFound
            case 409:
                return .unavailable(.alreadyUsed)
            case 400..<500:
                return .unavailable(.refused(status: Int(response.status.code)))
            default:
                return .unavailable(.failed(status: Int(response.status.code)))
            }
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            return .unavailable(.timedOut)
        } catch {
            return .unavailable(.unreachable(String(describing: type(of: error))))
        }
    }
}
