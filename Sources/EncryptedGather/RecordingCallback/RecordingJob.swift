import Foundation

/// A recording to download and decrypt, as the journal keeps it until it is done.
public struct RecordingJob: Sendable, Codable, Equatable {
    /// `RecordingSid`; also the output's name, `{RecordingSid}.wav`.
    public let recordingSid: String
    /// Where the encrypted media is: `RecordingUrl` + `.wav` (encrypted recordings have no mp3).
    public let mediaURL: String
    /// `EncryptionDetails` as Twilio posted it.
    public let encryptionDetails: String
    /// Downloads tried so far.
    public var attempts: Int
    /// The last failure, for the operator; never key material.
    public var lastError: String?

    /// A new job, not yet tried.
    public init(recordingSid: String, mediaURL: String, encryptionDetails: String) {
        self.recordingSid = recordingSid
        self.mediaURL = mediaURL
        self.encryptionDetails = encryptionDetails
        self.attempts = 0
        self.lastError = nil
    }
}
