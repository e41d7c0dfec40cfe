import EncryptedGather
import Hummingbird
import Logging

/// `POST /recording-status`: Twilio's RecordingStatusCallback (signature-validated like the voice
/// webhook). A completed, encrypted recording is journalled before Twilio gets its answer, then
/// downloaded and decrypted in the background.
public struct RecordingStatusController: Sendable {
    private let pipeline: RecordingPipeline

    /// A controller feeding `pipeline`.
    public init(pipeline: RecordingPipeline) {
        self.pipeline = pipeline
    }

    /// Adds the route to `group` (which validates signatures).
    public func addRoutes<Context: TwilioSignedRequestContext>(to group: RouterGroup<Context>) {
        group.post("/recording-status", use: handle)
    }

    @Sendable func handle(request: Request, context: some TwilioSignedRequestContext) async throws -> Response {
        // The signature covers form parameters only: any other body was not signed.
        guard request.isFormEncoded, let parameters = context.signedParameters else { throw APIError.notAForm }
        let callback: RecordingStatusCallback
        do {
            callback = try RecordingStatusCallback(parameters: parameters)
        } catch {
            throw APIError.invalidCallback(error.description)
        }
        var metadata: Logger.Metadata = [
            "RecordingSid": .string(callback.recordingSid), "RecordingStatus": .string(callback.status.rawValue),
            "CallSid": .string(callback.callSid ?? "-"),
        ]
        switch callback.status {
        case .completed where callback.encryptionDetails != nil:
            let job: RecordingJob?
            do {
                job = try await pipeline.accept(callback)
            } catch {
                context.logger.error("recording callback refused", metadata: metadata.merging(["error": .string(error.description)]) { $1 })
                throw error.isTemporary ? APIError.journalUnavailable : APIError.invalidCallback(error.description)
            }
            if job == nil {
                context.logger.notice("recording already decrypted; repeated callback acknowledged, not fetched again", metadata: metadata)
            } else {
                context.logger.info("recording queued for download and decryption", metadata: metadata)
            }
        case .completed:
            context.logger.notice("recording is not encrypted (no EncryptionDetails); nothing to decrypt", metadata: metadata)
        case .failed:
            metadata["ErrorCode"] = .string(callback.errorCode ?? "-")
            // 16104/16105: Twilio had no usable public key, or could not encrypt; the media is gone.
            context.logger.error("Twilio reports the recording failed; nothing to fetch", metadata: metadata)
        case .inProgress, .absent:
            context.logger.info("recording status", metadata: metadata)
        }
        return Response(status: .noContent)
    }
}
