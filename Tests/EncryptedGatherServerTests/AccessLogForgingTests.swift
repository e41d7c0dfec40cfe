import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// The access log writes what an unsigned stranger sent, so it must not let them write a line of
/// their own: the review's curl made a line read `Digits=4321 outcome=verified`.
@Suite struct AccessLogForgingTests {
    func logs(ofUnsignedRequestTo uri: String) async throws -> [String] {
        let logs = LogCapture()
        let app = try await TestServer.application(logs: logs)
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: "")) { response in
                #expect(response.status == .forbidden)
            }
        }
        return logs.all.filter { $0.contains(" request ") }
    }

    @Test func aQueryCannotPoseAsOtherKeysOfTheLine() async throws {
        let lines = try await logs(ofUnsignedRequestTo: "/encrypted-gather?x=1%20Digits=4321%20outcome=verified&y=a%0Astatus%3D200")
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(!line.contains(" Digits="))
        #expect(!line.contains(" outcome="))
        #expect(!line.contains("\n"))
        #expect(line.contains("query=x=1+Digits%3D4321+outcome%3Dverified&y=a%0Astatus%3D200"))
        #expect(!line.contains("4321 "))
    }

    @Test func aPathIsWrittenWithItsPercentSignsAndEqualsSignsEscaped() async throws {
        let logs = LogCapture()
        let app = try await TestServer.application(logs: logs)
        try await app.test(.router) { client in
            try await client.execute(uri: "/no%20where=1", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
        let line = try #require(logs.all.first { $0.contains(" request ") })
        #expect(line.contains(" path=/no%2520where%3D1 "))
    }

    /// A log must not hold values a verifier opens, nor the softphone's session token.
    @Test func carriedCiphertextsAndTheSessionTokenAreShortenedOrRedacted() async throws {
        let card = TestServer.cipher.seal(Digits("1234")).hex
        let lines = try await logs(ofUnsignedRequestTo: "/encrypted-gather?step=processData&encryptedCardDigits=\(card)&session=s3cr3t-session-token")
        let line = try #require(lines.first)
        #expect(!line.contains(card))
        #expect(line.contains("encryptedCardDigits=\(card.prefix(8))"))
        #expect(!line.contains("s3cr3t-session-token"))
    }

    @Test func aHugeQueryIsCutAndSaysSo() async throws {
        let lines = try await logs(ofUnsignedRequestTo: "/encrypted-gather?junk=" + String(repeating: "A", count: 80_000))
        let line = try #require(lines.first)
        #expect(line.utf8.count < 1_000)
        #expect(line.contains("...(cut from 80005 bytes)"))
    }
}

/// `Digits` counts only in the signed POST body: in a URL it would sit in proxy and tunnel logs.
@Suite struct WebhookInputTests {
    let base = "https://gather.example.com"

    @Test func digitsInASignedQueryAreIgnored() async throws {
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            let uri = "/encrypted-gather?step=getPin&Digits=1234"
            let request = TestServer.signedPost(url: base + uri, parameters: TestServer.callParameters())
            try await client.execute(uri: uri, method: .post, headers: request.headers, body: request.body) { response in
                let twiml = String(buffer: response.body)
                #expect(twiml.contains("Please enter last 4 digits"))
                #expect(!twiml.contains("encryptedCardDigits"))
            }
        }
    }

    @Test func aWebhookBodyOver16KBIsRefusedBeforeItsSignatureIsChecked() async throws {
        let logs = LogCapture()
        let app = try await TestServer.application(logs: logs)
        try await app.test(.router) { client in
            var parameters = TestServer.callParameters()
            parameters.append("Padding", String(repeating: "x", count: 17 * 1024))
            let request = TestServer.signedPost(url: base + "/encrypted-gather", parameters: parameters)
            try await client.execute(uri: "/encrypted-gather", method: .post, headers: request.headers, body: request.body) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
        #expect(!logs.all.contains { $0.contains("signature does not match") })
    }
}
