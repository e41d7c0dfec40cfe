import EncryptedGather
import EncryptedGatherServer
import Foundation
import TestSupport
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import Synchronization

/// Every log line an application wrote, as text, so tests can search it for digits.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func logger() -> Logger {
        var logger = Logger(label: "encrypted-gather") { [self] _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// Lines where `digits` stands as a whole token (not inside a hex ciphertext or a request id).
    func lines(containing digits: String) -> [String] {
        let pattern = "(?<![0-9A-Za-z])\(digits)(?![0-9A-Za-z])"
        return all.filter { $0.range(of: pattern, options: .regularExpression) != nil }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append("\(event.level) \(event.message) \(rendered)")
        }
    }
}

/// The server as a test builds it: fixed secrets, the repository's templates and static files.
enum TestServer {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let secret = try! AESSecret(hex: String(repeating: "3c", count: 32))
    static let authToken = SharedToken(unchecked: "test-twilio-auth-token-0123456789")
    static let verifyToken = SharedToken(unchecked: "test-verify-token-0123456789abcdef")
    static let cipher = GatherCipher(secret: secret)
    static let hasher = CredentialHasher(derivingFrom: secret)

    static func configuration(
        publicBaseURL: String? = "https://gather.example.com", verifyURL: String? = nil, recordings: RecordingConfiguration? = nil
    ) -> ServerConfiguration {
        ServerConfiguration(
            host: "127.0.0.1", port: 0, publicBaseURL: publicBaseURL, verifyURL: verifyURL,
            aesSecret: secret, twilioAuthToken: authToken, verifyToken: verifyToken,
            publicDirectory: repositoryRoot.appendingPathComponent("Public").path,
            twimlDirectory: repositoryRoot.appendingPathComponent("TwiML").path,
            recordings: recordings ?? RecordingConfiguration(recordingsDirectory: temporaryDirectory().appendingPathComponent("recordings").path)
        )
    }

    /// A fresh empty folder, so no test writes into the repository.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eg-server-tests-\(TemporaryName.random())")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A directory holding only the tutorial's demo caller.
    static func demoDirectory() async throws -> InMemoryAccountDirectory {
        let directory = InMemoryAccountDirectory()
        try await directory.add(DemoAccount.account, values: ["card": DemoAccount.cardLast4, "pin": DemoAccount.pin], flow: .tutorial, hasher: hasher)
        return directory
    }

    /// An application whose call flow asks `verifier` (in-process by default).
    static func application(
        configuration: ServerConfiguration = configuration(), verifier: (any Verifier)? = nil, logs: LogCapture = LogCapture(),
        useHTTPVerifier: Bool = false, recordings: RecordingPipelineService? = nil, metrics: PrometheusExport? = nil
    ) async throws -> some ApplicationProtocol {
        let directory = try await demoDirectory()
        let inProcess: (any Verifier)? = useHTTPVerifier ? nil : (verifier ?? VerificationService(cipher: cipher, hasher: hasher, directory: directory))
        return try buildApplication(configuration: configuration, directory: directory, verifier: inProcess, recordings: recordings, metrics: metrics, logger: logs.logger())
    }

    /// Headers and body of a webhook POST signed as Twilio would sign it for `url`.
    static func signedPost(url: String, parameters: FormParameters, token: SharedToken = authToken) -> (headers: HTTPFields, body: ByteBuffer) {
        let signature = RequestValidator(authToken: token).signature(url: url, parameters: parameters)
        let headers: HTTPFields = [
            HTTPField.Name("X-Twilio-Signature")!: signature,
            .contentType: "application/x-www-form-urlencoded",
        ]
        return (headers, ByteBuffer(string: parameters.urlEncoded))
    }

    /// Twilio's usual parameters for a call, plus `Digits` when given.
    static func callParameters(digits: String? = nil) -> FormParameters {
        var parameters = FormParameters([
            ("AccountSid", "AC" + String(repeating: "a", count: 32)), ("CallSid", "CA" + String(repeating: "b", count: 32)),
            ("From", "+15005550006"), ("To", "+15005550001"), ("CallStatus", "in-progress"), ("Direction", "inbound"),
            ("ApiVersion", "2010-04-01"),
        ])
        if let digits { parameters.append("Digits", digits) }
        return parameters
    }

    /// The `action` of the first `<Gather>` in `twiml`, unescaped, without the base URL.
    static func actionPath(in twiml: String, base: String) -> String? {
        guard let range = twiml.range(of: #"action="[^"]*""#, options: .regularExpression) else { return nil }
        let action = String(twiml[range].dropFirst(8).dropLast()).replacingOccurrences(of: "&amp;", with: "&")
        return action.hasPrefix(base) ? String(action.dropFirst(base.count)) : nil
    }
}
