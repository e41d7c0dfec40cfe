import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

@Suite struct GatherRouteTests {
    let base = "https://gather.example.com"

    @Test func anUnsignedOrForgedWebhookIsRefusedWith403() async throws {
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            let parameters = TestServer.callParameters()
            try await client.execute(uri: "/encrypted-gather", method: .post, body: ByteBuffer(string: parameters.urlEncoded)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body) == #"{"error":"missing or invalid X-Twilio-Signature"}"#)
            }
            let wrongToken = TestServer.signedPost(url: base + "/encrypted-gather", parameters: parameters, token: SharedToken(unchecked: "another-token-0123456789"))
            try await client.execute(uri: "/encrypted-gather", method: .post, headers: wrongToken.headers, body: wrongToken.body) { response in
                #expect(response.status == .forbidden)
            }
            let otherURL = TestServer.signedPost(url: base + "/encrypted-gather?step=getPin", parameters: parameters)
            try await client.execute(uri: "/encrypted-gather", method: .post, headers: otherURL.headers, body: otherURL.body) { response in
                #expect(response.status == .forbidden)
            }
            let tampered = TestServer.signedPost(url: base + "/encrypted-gather", parameters: parameters)
            var changed = parameters
            changed.append("Digits", "1234")
            try await client.execute(uri: "/encrypted-gather", method: .post, headers: tampered.headers, body: ByteBuffer(string: changed.urlEncoded)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func theFirstStepAsksForTheCardAsTwiML() async throws {
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            let request = TestServer.signedPost(url: base + "/encrypted-gather", parameters: TestServer.callParameters())
            try await client.execute(uri: "/encrypted-gather", method: .post, headers: request.headers, body: request.body) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/xml") == true)
                let twiml = String(buffer: response.body)
                #expect(twiml.contains(#"<Gather input="dtmf" numDigits="4" timeout="10" method="POST" action="https://gather.example.com/encrypted-gather?step=getPin">"#))
                #expect(twiml.contains(#"<Redirect method="POST">"#))
            }
        }
    }

    @Test func aSignedGETWebhookIsAnsweredToo() async throws {
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            let uri = "/encrypted-gather?step=getLast4CC&CallSid=CA1"
            let signature = RequestValidator(authToken: TestServer.authToken).signature(url: base + uri, parameters: FormParameters())
            try await client.execute(uri: uri, method: .get, headers: [HTTPField.Name("X-Twilio-Signature")!: signature]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Please enter last 4 digits"))
            }
        }
    }

    @Test func theWholeCallOverTheRouter() async throws {
        let logs = LogCapture()
        let app = try await TestServer.application(logs: logs)
        try await app.test(.router) { client in
            var path = "/encrypted-gather"
            var twiml = ""
            for digits in [nil, "1234", "4321"] {
                let request = TestServer.signedPost(url: base + path, parameters: TestServer.callParameters(digits: digits))
                twiml = try await client.execute(uri: path, method: .post, headers: request.headers, body: request.body) { response in
                    #expect(response.status == .ok)
                    return String(buffer: response.body)
                }
                if let next = TestServer.actionPath(in: twiml, base: base) { path = next }
            }
            #expect(twiml.contains("Thank you. Your account number is AC12345678 and your balance is 12.55"))
        }
        #expect(logs.lines(containing: "1234").isEmpty)
        #expect(logs.lines(containing: "4321").isEmpty)
        #expect(logs.all.contains { $0.contains("outcome=verified") })
    }

    @Test(arguments: ["zz", "00", String(repeating: "ab", count: 40)])
    func aMalformedOrForgedCardCiphertextGetsNotFoundNot500(card: String) async throws {
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            let path = "/encrypted-gather?step=processData&encryptedCardDigits=\(card)"
            let request = TestServer.signedPost(url: base + path, parameters: TestServer.callParameters(digits: "4321"))
            try await client.execute(uri: path, method: .post, headers: request.headers, body: request.body) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("We were not able to locate you in our system. Goodbye."))
            }
        }
    }

    @Test func aVerifierThatIsDownMeansNotFoundWellWithinTwiliosFifteenSeconds() async throws {
        let app = try await TestServer.application(configuration: TestServer.configuration(verifyURL: "http://127.0.0.1:1/decrypt-gather"), useHTTPVerifier: true)
        try await app.test(.router) { client in
            let path = "/encrypted-gather?step=processData&encryptedCardDigits=\(TestServer.cipher.seal(Digits("1234")).hex)"
            let request = TestServer.signedPost(url: base + path, parameters: TestServer.callParameters(digits: "4321"))
            let started = ContinuousClock.now
            try await client.execute(uri: path, method: .post, headers: request.headers, body: request.body) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("We were not able to locate you"))
            }
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func anOversizedWebhookBodyIs413() async throws {
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            let request = TestServer.signedPost(url: base + "/encrypted-gather", parameters: FormParameters([("pad", String(repeating: "x", count: 70_000))]))
            try await client.execute(uri: "/encrypted-gather", method: .post, headers: request.headers, body: request.body) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test func digitsInAQueryStringAreRedactedInTheAccessLog() async throws {
        let logs = LogCapture()
        let app = try await TestServer.application(logs: logs)
        try await app.test(.router) { client in
            let uri = "/encrypted-gather?step=getPin&Digits=8642"
            let signature = RequestValidator(authToken: TestServer.authToken).signature(url: base + uri, parameters: FormParameters())
            try await client.execute(uri: uri, method: .get, headers: [HTTPField.Name("X-Twilio-Signature")!: signature]) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("8642"))
            }
        }
        #expect(logs.lines(containing: "8642").isEmpty)
        #expect(logs.all.contains { $0.contains("Digits=*REDACTED*") })
    }
}
