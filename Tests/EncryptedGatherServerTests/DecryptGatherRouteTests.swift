import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

@Suite struct DecryptGatherRouteTests {
    let cipher = TestServer.cipher
    var bearer: HTTPFields { [.authorization: "Bearer \(TestServer.verifyToken.value)", .contentType: "application/json"] }

    func json(_ fields: [String: String]) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: fields))
    }

    func post(_ body: ByteBuffer, headers: HTTPFields? = nil) async throws -> (status: HTTPResponse.Status, body: String) {
        let app = try await TestServer.application()
        return try await app.test(.router) { client in
            let result = try await client.execute(uri: "/decrypt-gather", method: .post, headers: headers ?? bearer, body: body) { response in
                (response.status, String(buffer: response.body))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            return result
        }
    }

    @Test func theDemoCallerIsFound() async throws {
        let response = try await post(json([
            "encryptedCardDigits": cipher.seal(Digits("1234")).hex, "encryptedPinDigits": cipher.seal(Digits("4321")).hex,
        ]))
        #expect(response.status == .ok)
        let decoded = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: String]
        #expect(decoded == ["account": "AC12345678", "balance": "12.55"])
    }

    @Test func theContractsOwnRequestTypeIsAnsweredAsTheTutorialsBodyIs() async throws {
        let request = VerificationRequest(
            flow: "tutorial", ciphertexts: ["card": .tutorial(cipher.seal(Digits("1234"))), "pin": .tutorial(cipher.seal(Digits("4321")))], callSid: "CA1")
        let response = try await post(ByteBuffer(bytes: request.jsonBody()))
        #expect(response.status == .ok)
        #expect(response.body == #"{"account":"AC12345678","balance":"12.55"}"#)
    }

    @Test(arguments: [
        (["version": 2], #"{"error":"version is not supported (this verifier speaks 1)"}"#),
        (["flow": "card-payment"], #"{"error":"flow is not the flow this verifier serves"}"#),
    ] as [([String: any Sendable], String)])
    func aRequestOfAnotherVersionOrFlowIs400(extra: [String: any Sendable], expected: String) async throws {
        var fields: [String: Any] = ["encryptedCardDigits": cipher.seal(Digits("1234")).hex, "encryptedPinDigits": cipher.seal(Digits("4321")).hex]
        fields.merge(extra) { $1 }
        let response = try await post(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: fields)))
        #expect(response.status == .badRequest)
        #expect(response.body == expected)
    }

    @Test func uppercaseHexAndFormBodiesAreAccepted() async throws {
        let card = cipher.seal(Digits("1234")).hex.uppercased()
        let pin = cipher.seal(Digits("4321")).hex
        let headers: HTTPFields = [.authorization: "Bearer \(TestServer.verifyToken.value)", .contentType: "application/x-www-form-urlencoded"]
        let response = try await post(ByteBuffer(string: "encryptedCardDigits=\(card)&encryptedPinDigits=\(pin)"), headers: headers)
        #expect(response.status == .ok)
    }

    @Test func anUnknownCallerIs404NoDataFound() async throws {
        let response = try await post(json([
            "encryptedCardDigits": cipher.seal(Digits("1234")).hex, "encryptedPinDigits": cipher.seal(Digits("0000")).hex,
        ]))
        #expect(response.status == .notFound)
        #expect(response.body == #"{"error":"No data found"}"#)
    }

    @Test(arguments: [
        ("missing card", nil as String?),
        ("odd length", String(repeating: "a", count: 57)),
        ("non-hex", String(repeating: "zz", count: 30)),
        ("truncated", String(repeating: "ab", count: 27)),
        ("forged", String(repeating: "ab", count: 32)),
        ("empty", ""),
    ])
    func aMissingMalformedOrForgedCiphertextIs400WithoutEchoingIt(label: String, card: String?) async throws {
        var fields = ["encryptedPinDigits": cipher.seal(Digits("4321")).hex]
        if let card { fields["encryptedCardDigits"] = card }
        let response = try await post(json(fields))
        #expect(response.status == .badRequest, "\(label)")
        let decoded = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: String]
        #expect(decoded?.keys.sorted() == ["error"])
        if let card, !card.isEmpty { #expect(!response.body.contains(card)) }
        #expect(!response.body.contains(fields["encryptedPinDigits"]!))
    }

    @Test func aTamperedRealCiphertextIs400() async throws {
        var tampered = cipher.seal(Digits("1234")).combined
        tampered[0] ^= 1
        let response = try await post(json([
            "encryptedCardDigits": Ciphertext(combined: tampered).hex, "encryptedPinDigits": cipher.seal(Digits("4321")).hex,
        ]))
        #expect(response.status == .badRequest)
        #expect(response.body == #"{"error":"ciphertext failed authentication"}"#)
    }

    @Test(arguments: [nil, "Bearer wrong-token-0123456789", "Basic \(TestServer.verifyToken.value)", "Bearer "])
    func withoutTheRightTokenIs401(authorization: String?) async throws {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let authorization { headers[.authorization] = authorization }
        let response = try await post(json([
            "encryptedCardDigits": cipher.seal(Digits("1234")).hex, "encryptedPinDigits": cipher.seal(Digits("4321")).hex,
        ]), headers: headers)
        #expect(response.status == .unauthorized)
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let response = try await post(json(["encryptedCardDigits": String(repeating: "a", count: 5000), "encryptedPinDigits": "00"]))
        #expect(response.status == .contentTooLarge)
    }

    @Test func aBodyThatIsNotJSONIs400() async throws {
        let response = try await post(ByteBuffer(string: "{not json"))
        #expect(response.status == .badRequest)
    }
}

@Suite struct HealthAndStaticTests {
    @Test func healthzAnswers200() async throws {
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("ok"))
            }
        }
    }

    @Test func everyREADMESectionTheIndexPageLinksToExists() async throws {
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            let index = try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            let anchors = index.matches(of: /href="\/readme#([a-z0-9-]+)"/).map { String($0.output.1) }
            #expect(anchors.count >= 5)
            try await client.execute(uri: "/readme", method: .get) { response in
                #expect(response.status == .ok)
                let readme = String(buffer: response.body)
                for anchor in anchors { #expect(readme.contains(#"id="\#(anchor)""#), "\(anchor)") }
            }
        }
    }

    @Test func theRootServesTheIndexPage() async throws {
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<title>encrypted-gather</title>"))
            }
        }
    }
}
