import AsyncHTTPClient
import EncryptedGather
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Asks the verification endpoint (`VERIFY_URL`) over HTTP: JSON with both ciphertexts and the
/// bearer token, as the tutorial's axios call does.
public struct HTTPVerifier: Verifier {
    /// Twilio waits 15 s for a webhook answer; the caller must hear "not found" well before that.
    public static var timeout: TimeAmount { .seconds(5) }

    private let client: HTTPClient
    private let endpoints: ServiceEndpoints
    private let token: SharedToken

    /// A verifier posting to `endpoints.verifyURL` with `token`, over the shared `client`.
    public init(client: HTTPClient = .shared, endpoints: ServiceEndpoints, token: SharedToken) {
        self.client = client
        self.endpoints = endpoints
        self.token = token
    }

    public func verify(encryptedCardDigits: Ciphertext, encryptedPinDigits: Ciphertext) async -> VerificationResult {
        var request = HTTPClientRequest(url: endpoints.verifyURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(token.value)")
        let payload = ["encryptedCardDigits": encryptedCardDigits.hex, "encryptedPinDigits": encryptedPinDigits.hex]
        do {
            let body = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: Self.timeout)
            let responseBody = try await response.body.collect(upTo: 16 * 1024)
            switch response.status.code {
            case 200:
                guard let account = try? JSONDecoder().decode(Account.self, from: Data(responseBody.readableBytesView)) else {
                    return .unavailable(reason: "verifier answered 200 without an account")
                }
                return .found(account)
            case 400, 404:
                // 400: the verifier refused a ciphertext (forged or altered): nobody to find.
                return .notFound
            default:
                return .unavailable(reason: "verifier answered HTTP \(response.status.code)")
            }
        } catch {
            return .unavailable(reason: "verifier unreachable: \(type(of: error))")
        }
    }
}
