import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// Behaviours added after the security review: each would otherwise be a way around a promise.
@Suite struct ReviewHardeningTests {
    @Test func aRecordingCallbackThatIsNotAFormIsRefusedBecauseItsBodyWasNotSigned() async throws {
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            let url = "https://gather.example.com/recording-status"
            // A URL-only signature, as a captured callback without form parameters would carry.
            let signature = RequestValidator(authToken: TestServer.authToken).signature(url: url, parameters: FormParameters())
            let headers: HTTPFields = [HTTPField.Name("X-Twilio-Signature")!: signature, .contentType: "text/plain"]
            let body = "RecordingSid=RE\(String(repeating: "0", count: 32))&RecordingStatus=failed"
            try await client.execute(uri: "/recording-status", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }

    @Test func aTrailingSlashInPublicBaseURLStillValidatesSignatures() async throws {
        let app = try await TestServer.application(configuration: TestServer.configuration(publicBaseURL: "https://gather.example.com/"))
        try await app.test(.router) { client in
            let request = TestServer.signedPost(url: "https://gather.example.com/encrypted-gather", parameters: TestServer.callParameters())
            try await client.execute(uri: "/encrypted-gather", method: .post, headers: request.headers, body: request.body) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func anAuthenticCiphertextOfSomethingOtherThanFourDigitsIsNotFoundNotACrash() async throws {
        let long = TestServer.cipher.seal(utf8: Array(String(repeating: "9", count: 300).utf8)).hex
        let pin = TestServer.cipher.seal(Digits("4321")).hex
        let app = try await TestServer.application()
        try await app.test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer \(TestServer.verifyToken.value)", .contentType: "application/json"]
            let body = ByteBuffer(string: #"{"encryptedCardDigits":"\#(long)","encryptedPinDigits":"\#(pin)"}"#)
            try await client.execute(uri: "/decrypt-gather", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
        }
    }

    @Test(arguments: ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])
    func loopbackHostsAreRecognised(host: String) {
        #expect(ServerConfiguration.isLoopback(host))
    }

    @Test(arguments: ["127.evil.example", "127.0.0.1.nip.io", "0.0.0.0", "10.0.0.1", "localhost.example", "1270.0.0.1"])
    func namesThatMerelyLookLikeLoopbackAreNot(host: String) {
        #expect(!ServerConfiguration.isLoopback(host))
    }
}

@Suite struct SoftphoneCrossSiteTests {
    static let stepURL = "/simulator/api/step"
    static let body = #"{"callSid":"CA\#(String(repeating: "a", count: 32))","url":"/encrypted-gather"}"#

    func application() async throws -> some ApplicationProtocol {
        var configuration = TestServer.configuration(publicBaseURL: nil)
        configuration.isDevelopment = true
        configuration.simulatorDirectory = TestServer.repositoryRoot.appendingPathComponent("Simulator").path
        let directory = try await TestServer.demoDirectory()
        return try buildApplication(
            configuration: configuration, directory: directory, softphone: Softphone(recentLogLines: RecentLogLines(), session: SoftphoneRouteTests.session),
            logger: LogCapture().logger())
    }

    @Test func aSimpleCrossSiteFormPostIsRefused() async throws {
        try await application().test(.live) { client in
            try await client.execute(uri: Self.stepURL, method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: Self.body)) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }

    @Test func anotherSitesOriginIsRefused() async throws {
        try await application().test(.live) { client in
            let headers: HTTPFields = [.contentType: "application/json", .origin: "https://evil.example"]
            try await client.execute(uri: Self.stepURL, method: .post, headers: headers, body: ByteBuffer(string: Self.body)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    /// DNS rebinding: a page on `rebind.evil.example` that now resolves to 127.0.0.1 sends its own
    /// name as Host. (The test client always sends `localhost`, so this is checked directly.)
    @Test(arguments: [("rebind.evil.example:8080", false), ("127.0.0.1:8080", true), ("localhost:8080", true), ("[::1]:8080", true),
                      ("127.0.0.1.nip.io:8080", false), ("", false)])
    func onlyLoopbackHostsMayUseTheSoftphone(authority: String, allowed: Bool) {
        #expect(SoftphoneController.isLoopback(authority: authority) == allowed)
    }

    @Test func theSoftphonesOwnPageIsServed() async throws {
        try await application().test(.live) { client in
            let headers: HTTPFields = [
                .contentType: "application/json", .origin: "http://127.0.0.1:\(client.port!)",
                SoftphoneController.sessionHeader: SoftphoneRouteTests.session.value,
            ]
            try await client.execute(uri: Self.stepURL, method: .post, headers: headers, body: ByteBuffer(string: Self.body)) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
