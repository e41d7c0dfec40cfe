import AsyncHTTPClient
import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Synchronization
import Testing

/// What a RecordingStatusCallback test needs: its own RECORDINGS_DIR and key ring in a fresh
/// temporary folder (removed afterwards), recordings encrypted as Twilio would with the fixture
/// keys, the server under test pointed at a fake Twilio, and the callback signed and posted.
final class RecordingCallbackHarness: Sendable {
    /// Which private key the key ring holds under the recordings' public key SID.
    enum KeyRingKey {
        /// The key the recordings are wrapped for.
        case matching
        /// Another key filed under the right SID: every unwrap fails.
        case unrelated
    }

    /// A recording as Twilio holds it: random audio, encrypted under a known CEK.
    struct EncryptedRecording: Sendable {
        let recordingSid: String
        let plaintext: [UInt8]
        /// Ciphertext and tag, what `GET …/Recordings/{RecordingSid}.wav` returns.
        let media: [UInt8]
        /// The callback spelling, as Twilio posts it.
        let encryptionDetails: String
        let contentKeyBytes: [UInt8]
    }

    static let accountSid = "AC" + String(repeating: "1f", count: 16)
    static let callSid = "CA" + String(repeating: "2e", count: 16)
    static let publicKeySid = PublicKeySid("CR" + String(repeating: "3d", count: 16))!
    /// The auth token the fake Twilio accepts; long and unlike anything else, so a leak is found.
    static let authToken = "recording-auth-token-7c1e9a4b5d2f8e60"
    /// The fast backoff the tests run with: 50 ms doubling to 200 ms, five attempts.
    /// A client that follows no redirect, as the server's own: the fetcher follows them itself.
    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
    static let fastRetry = RetryPolicy(initialDelay: .milliseconds(50), maximumDelay: .milliseconds(200), maximumAttempts: 5)

    let root: URL
    let recordingsDirectory: URL
    let keysDirectory: URL
    let logs = LogCapture()
    private let pipeline = Mutex<RecordingPipeline?>(nil)

    /// A fresh RECORDINGS_DIR and a key ring holding `key` as `CR….pem`.
    init(key: KeyRingKey = .matching) throws {
        root = TestServer.temporaryDirectory()
        recordingsDirectory = root.appendingPathComponent("recordings", isDirectory: true)
        keysDirectory = root.appendingPathComponent("keys", isDirectory: true)
        for folder in [recordingsDirectory, keysDirectory, root.appendingPathComponent("scratch")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let pem = try Self.fixture(key == .matching ? "recording_private_key" : "other_recording_private_key")
        let keyFile = keysDirectory.appendingPathComponent("\(Self.publicKeySid).pem")
        try pem.write(to: keyFile, atomically: true, encoding: .utf8)
        // A private key must be owner-only, or the server refuses to start.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// A PEM file from `Fixtures/`.
    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "pem", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Encrypts `byteCount` random bytes with RecordingEncryptor under a fresh CEK, wrapped for the
    /// fixture public key, as Twilio encrypts a recording.
    func makeRecording(byteCount: Int = 40_003) throws -> EncryptedRecording {
        let recordingSid = "RE" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let plaintext = (0..<byteCount).map { _ in UInt8.random(in: 0...255) }
        let contentKeyBytes = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let contentKey = try ContentEncryptionKey(bytes: contentKeyBytes)
        let iv = InitializationVector.random()
        let scratch = root.appendingPathComponent("scratch")
        let input = scratch.appendingPathComponent("\(recordingSid).plain")
        let output = scratch.appendingPathComponent("\(recordingSid).enc")
        try Data(plaintext).write(to: input)
        try RecordingEncryptor().encrypt(.file(input.path), to: .file(output.path), contentKey: contentKey, iv: iv)
        let publicKey = try RecordingPublicKey(pemRepresentation: try Self.fixture("recording_public_key"))
        let details = EncryptionDetails(publicKeySid: Self.publicKeySid, encryptedCEK: try publicKey.wrap(contentKey), iv: iv)
        return EncryptedRecording(
            recordingSid: recordingSid, plaintext: plaintext, media: Array(try Data(contentsOf: output)),
            encryptionDetails: details.json, contentKeyBytes: contentKeyBytes)
    }

    /// The server under test, downloading from `apiBaseURL` with `username`/`password`.
    func application(
        apiBaseURL: String, username: String = accountSid, password: String = authToken, retryPolicy: RetryPolicy = fastRetry,
        maximumBytes: Int64 = 2 << 30, maximumDownloads: Int = 4, metrics: PrometheusExport? = nil
    ) async throws -> some ApplicationProtocol {
        let recordings = RecordingConfiguration(
            recordingsDirectory: recordingsDirectory.path, keysDirectory: keysDirectory.path, apiBaseURL: apiBaseURL,
            credentials: TwilioCredentials(username: username, password: SharedToken(unchecked: password)), retryPolicy: retryPolicy,
            maximumBytes: maximumBytes, maximumDownloads: maximumDownloads)
        let service = try RecordingPipelineService(
            configuration: recordings, client: Self.client, logger: logs.logger(),
            metrics: metrics.map { RecordingJobMetrics(factory: $0.factory) } ?? .disabled)
        pipeline.withLock { $0 = service.pipeline }
        return try await TestServer.application(configuration: TestServer.configuration(recordings: recordings), logs: logs, recordings: service, metrics: metrics)
    }

    /// Returns once the pipeline of the last `application` has settled every job it took: the
    /// event that "nothing (more) happened", instead of a sleep that hopes so.
    func idle() async {
        await pipeline.withLock { $0 }?.waitUntilIdle()
    }

    /// Twilio's `RecordingUrl` for `recordingSid` below `apiBaseURL` (no extension, as posted).
    static func recordingURL(_ recordingSid: String, apiBaseURL: String) -> String {
        "\(apiBaseURL)/2010-04-01/Accounts/\(accountSid)/Recordings/\(recordingSid)"
    }

    /// The callback Twilio posts for `recording`. `encryptionDetails` and `recordingSid` default to
    /// the recording's own; `.some(nil)` leaves the parameter out.
    static func callback(
        for recording: EncryptedRecording, apiBaseURL: String, status: String = "completed", errorCode: String = "0",
        recordingURL: String? = nil, encryptionDetails: String?? = .none, recordingSid: String?? = .none
    ) -> FormParameters {
        let pairs: [(String, String?)] = [
            ("AccountSid", accountSid), ("CallSid", callSid),
            ("RecordingSid", recordingSid ?? recording.recordingSid),
            ("RecordingUrl", recordingURL ?? Self.recordingURL(recording.recordingSid, apiBaseURL: apiBaseURL)),
            ("RecordingStatus", status), ("RecordingDuration", "6"), ("RecordingChannels", "1"),
            ("RecordingStartTime", "Mon, 22 Aug 2022 14:07:08 +0000"), ("RecordingSource", "RecordVerb"),
            ("ErrorCode", errorCode), ("EncryptionDetails", encryptionDetails ?? recording.encryptionDetails),
        ]
        return FormParameters(pairs.compactMap { name, value in value.map { (name, $0) } })
    }

    /// Posts `parameters` to `/recording-status`, signed as Twilio signs it unless `signed` is false.
    func post(
        _ parameters: FormParameters, to client: some TestClientProtocol, signed: Bool = true
    ) async throws -> (status: HTTPResponse.Status, body: String) {
        var request = TestServer.signedPost(url: "https://gather.example.com/recording-status", parameters: parameters)
        if !signed { request.headers[HTTPField.Name("X-Twilio-Signature")!] = nil }
        return try await client.execute(uri: "/recording-status", method: .post, headers: request.headers, body: request.body) { response in
            (response.status, String(buffer: response.body))
        }
    }

    /// The journal of RECORDINGS_DIR, as the server keeps it.
    var journal: RecordingJournal {
        get throws { try RecordingJournal(recordingsDirectory: recordingsDirectory.path) }
    }

    /// `RECORDINGS_DIR/{RecordingSid}.wav`.
    func decryptedPath(of recording: EncryptedRecording) -> String {
        recordingsDirectory.appendingPathComponent("\(recording.recordingSid).wav").path
    }

    /// The key ring's key file.
    var keyFile: URL { keysDirectory.appendingPathComponent("\(Self.publicKeySid).pem") }

    /// Takes the key out of the key ring; returns its PEM for `putKeyBack`.
    func removeKey() throws -> String {
        let pem = try String(contentsOf: keyFile, encoding: .utf8)
        try FileManager.default.removeItem(at: keyFile)
        return pem
    }

    /// Writes the key into the key ring again, with `mode`.
    func putKeyBack(_ pem: String, mode: Int = 0o600) throws {
        try pem.write(to: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: keyFile.path)
    }

    /// The decrypted recording, if it has appeared.
    func decrypted(_ recording: EncryptedRecording) -> [UInt8]? {
        FileManager.default.contents(atPath: decryptedPath(of: recording)).map(Array.init)
    }

    /// Names in RECORDINGS_DIR, sorted: `.journal` and finished recordings only, when all is well.
    func recordingsDirectoryEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: recordingsDirectory.path).sorted()
    }

    /// Polls `condition` every 20 ms for up to `timeout`; whether it came true.
    func eventually(within timeout: Duration = .seconds(10), _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try condition()
    }
}
