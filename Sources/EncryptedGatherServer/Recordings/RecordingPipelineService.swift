import AsyncHTTPClient
import EncryptedGather
import Logging
import ServiceLifecycle

/// Runs the recording pipeline for the server's life; at shutdown, jobs still pending stay in the
/// journal and resume at the next start.
public struct RecordingPipelineService: Service {
    /// The pipeline the callback route feeds.
    public let pipeline: RecordingPipeline

    /// A service around `pipeline`.
    public init(pipeline: RecordingPipeline) {
        self.pipeline = pipeline
    }

    /// A pipeline downloading from Twilio's REST API with `client`, as `configuration` says.
    public init(configuration: RecordingConfiguration, client: HTTPClient, logger: Logger) throws(ConfigurationError) {
        do {
            pipeline = try RecordingPipeline(
                recordingsDirectory: configuration.recordingsDirectory, apiBaseURL: configuration.apiBaseURL,
                fetcher: TwilioRecordingFetcher(client: client, credentials: configuration.credentials),
                keyRing: RecordingKeyRing(directory: configuration.keysDirectory), retry: configuration.retryPolicy, logger: logger)
        } catch {
            throw .file(configuration.recordingsDirectory, "cannot create the recordings folder (RECORDINGS_DIR)")
        }
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await pipeline.run()
        } onGracefulShutdown: {
            pipeline.finish()
        }
    }
}
