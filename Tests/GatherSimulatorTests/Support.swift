import AsyncHTTPClient
import EncryptedGather
import EncryptedGatherServer
import Foundation
import GatherSimulator
import Hummingbird
import HummingbirdTesting
import Logging

/// A real server on a free port, as `serve` runs it, for the simulator to call.
enum LocalServer {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let authToken = SharedToken(unchecked: "simulator-test-auth-token-0123456")
    static let secret = try! AESSecret(hex: String(repeating: "5a", count: 32))

    /// Runs `body` with the webhook URL of a live server; `verifyURL` overrides where it verifies.
    static func withServer<T: Sendable>(
        verifyURL: String? = nil, flow: Flow = .tutorial, _ body: @Sendable @escaping (String) async throws -> T
    ) async throws -> T {
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, verifyURL: verifyURL, aesSecret: secret, twilioAuthToken: authToken,
            verifyToken: SharedToken(unchecked: "simulator-test-verify-token-0123"),
            publicDirectory: repositoryRoot.appendingPathComponent("Public").path,
            twimlDirectory: repositoryRoot.appendingPathComponent("TwiML").path,
            flow: flow,
            recordings: RecordingConfiguration(
                recordingsDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("eg-simulator-\(UUID().uuidString)").path))
        let directory = InMemoryAccountDirectory()
        if let demo = flow.demo {
            try await directory.add(demo.account, values: demo.values, flow: flow, hasher: configuration.credentialHasher!)
        }
        var logger = Logger(label: "simulator-tests")
        logger.logLevel = .warning
        let app = try buildApplication(configuration: configuration, directory: directory, logger: logger)
        return try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)/encrypted-gather")
        }
    }

    /// A flow shipped in `flows/`.
    static func shippedFlow(_ name: String) throws -> Flow {
        try FlowFile.load(path: repositoryRoot.appendingPathComponent("flows/\(name).json").path)
    }

    /// One simulated call pressing `keys`.
    static func call(_ url: String, keys: [String], token: SharedToken = authToken) async -> CallResult {
        await SimulatedCall(webhook: WebhookClient(client: .shared, authToken: token), keypad: ScriptedKeypad(keys)).run(url: url)
    }
}
