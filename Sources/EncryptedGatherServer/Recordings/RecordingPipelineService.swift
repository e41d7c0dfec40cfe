import AsyncHTTPClient
import EncryptedGather
import Foundation
import Logging
import ServiceLifecycle

/// Runs the recording pipeline for the server's life; at shutdown, jobs still pending stay in the
/// journal (or the shared table) and resume at the next start, or on another instance.
public struct RecordingPipelineService: Service {
    /// The pipeline the callback route feeds.
    public let pipeline: RecordingPipeline

    /// A service around `pipeline`.
    public init(pipeline: RecordingPipeline) {
        self.pipeline = pipeline
    }

    /// A pipeline downloading from Twilio's REST API with `client`, as `configuration` says, taking
    /// jobs from `jobs` (by default the file journal in the recordings folder), counting them in
    /// `metrics`.
    public init(
        configuration: RecordingConfiguration, client: HTTPClient, jobs: (any RecordingJobStore)? = nil, logger: Logger,
        metrics: RecordingJobMetrics = .disabled
    ) throws(ConfigurationError) {
        try Self.checkKeyRing(configuration.keysDirectory, logger: logger)
        try PrivateDirectory.prepare(configuration.recordingsDirectory, setting: "RECORDINGS_DIR")
        do {
            pipeline = try RecordingPipeline(
                recordingsDirectory: configuration.recordingsDirectory, apiBaseURL: configuration.apiBaseURL,
                fetcher: TwilioRecordingFetcher(
                    client: client, credentials: configuration.credentials, apiBaseURL: configuration.apiBaseURL,
                    maximumBytes: configuration.maximumBytes),
                keyRing: RecordingKeyRing(directory: configuration.keysDirectory), retry: configuration.retryPolicy,
                maximumDownloads: configuration.maximumDownloads, jobs: jobs, lease: configuration.lease, logger: logger, metrics: metrics)
        } catch {
            throw .file(configuration.recordingsDirectory, "cannot create the recordings folder (RECORDINGS_DIR)")
        }
    }

    /// Loads every private key once and checks it is owner-only, so a bad key stops start-up
    /// with one line instead of failing the first recording hours later.
    static func checkKeyRing(_ directory: String, logger: Logger) throws(ConfigurationError) {
        guard FileManager.default.fileExists(atPath: directory) else {
            logger.info("no recording keys yet; encrypted recordings will wait in the journal until their key is added",
                        metadata: ["RECORDING_KEYS_DIR": .string(directory)])
            return
        }
        let sids: [PublicKeySid]
        do {
            sids = try RecordingKeyRing(directory: directory).validate()
        } catch {
            throw .other("RECORDING_KEYS_DIR: \(error)")
        }
        for sid in sids {
            try PrivateFile.checkPermissions(URL(fileURLWithPath: directory).appendingPathComponent("\(sid).pem").path)
        }
        logger.info("recording keys loaded", metadata: ["RECORDING_KEYS_DIR": .string(directory), "public_key_sids": .string(sids.map(\.rawValue).joined(separator: ","))])
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await pipeline.run()
        } onGracefulShutdown: {
            pipeline.finish()
        }
    }
}
