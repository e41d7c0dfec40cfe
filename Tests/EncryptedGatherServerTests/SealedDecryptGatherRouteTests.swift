import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// `/decrypt-gather` in sealed mode: a value replayed from another call, presented as another
/// field, or older than its time-to-live is a 400 that says which, never an account.
@Suite struct SealedDecryptGatherRouteTests {
    static let call = "CA" + String(repeating: "3f", count: 16)

    struct Setup {
        let key: SealingPrivateKey
        let configuration: ServerConfiguration
    }

    static func setup() throws -> Setup {
        let folder = TestServer.temporaryDirectory()
        let keys = folder.appendingPathComponent("keys").path
        let key = SealingPrivateKey.generate()
        _ = try SealingKeyFiles.write(key, to: keys)
        var configuration = TestServer.configuration()
        configuration.ciphers = CipherConfiguration(
            mode: .sealed, aesSecret: TestServer.secret, sealingPublicKeyPath: "\(keys)/sealing-\(key.keyID).pub.pem", sealingKeysDirectory: keys,
            timeToLiveSeconds: 900)
        return Setup(key: key, configuration: configuration)
    }

    func post(_ setup: Setup, card: FieldCiphertext, pin: FieldCiphertext, callSid: String = call) async throws -> (HTTPResponse.Status, String) {
        let app = try await TestServer.application(configuration: setup.configuration)
        return try await app.test(.router) { client in
            let body = VerificationRequest(flow: "tutorial", ciphertexts: ["card": card, "pin": pin], callSid: callSid).jsonBody()
            let headers: HTTPFields = [.authorization: "Bearer \(TestServer.verifyToken.value)", .contentType: "application/json"]
            return try await client.execute(uri: "/decrypt-gather", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
                (response.status, String(buffer: response.body))
            }
        }
    }

    func seal(_ setup: Setup, _ digits: String, _ field: FieldName, call: String = call, at time: Int64? = nil) -> FieldCiphertext {
        let now = time ?? Int64(Date().timeIntervalSince1970)
        return HPKESealer(publicKey: SealingPublicKeySource(setup.key.publicKey), now: { now }).seal(Digits(digits), field: field, callSid: call)
    }

    @Test func theDemoCallersSealedValuesAreFound() async throws {
        let setup = try Self.setup()
        let (status, body) = try await post(setup, card: seal(setup, "1234", "card"), pin: seal(setup, "4321", "pin"))
        #expect(status == .ok)
        #expect(body == #"{"account":"AC12345678","balance":"12.55"}"#)
    }

    @Test func aReplayFromAnotherCallIs400() async throws {
        let setup = try Self.setup()
        let other = "CA" + String(repeating: "40", count: 16)
        let (status, body) = try await post(setup, card: seal(setup, "1234", "card", call: other), pin: seal(setup, "4321", "pin", call: other))
        #expect(status == .badRequest)
        #expect(body == #"{"error":"ciphertext failed authentication"}"#)
    }

    @Test func aFieldSwapIs400() async throws {
        let setup = try Self.setup()
        let (status, body) = try await post(setup, card: seal(setup, "4321", "pin"), pin: seal(setup, "1234", "card"))
        #expect(status == .badRequest)
        #expect(body == #"{"error":"ciphertext failed authentication"}"#)
    }

    @Test func anExpiredValueIs400() async throws {
        let setup = try Self.setup()
        let old = Int64(Date().timeIntervalSince1970) - 901
        let (status, body) = try await post(setup, card: seal(setup, "1234", "card", at: old), pin: seal(setup, "4321", "pin"))
        #expect(status == .badRequest)
        #expect(body == #"{"error":"ciphertext expired"}"#)
    }

    @Test func tutorialValuesStillOpenWhileTheFleetMoves() async throws {
        let setup = try Self.setup()
        let (status, _) = try await post(setup, card: .tutorial(TestServer.cipher.seal(Digits("1234"))), pin: seal(setup, "4321", "pin"))
        #expect(status == .ok)
    }
}
