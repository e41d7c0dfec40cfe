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

extension RecordingJob {
    /// Checks the job exactly as a callback is checked before it is journaled: a RecordingSid, a
    /// media URL below the Twilio API, usable EncryptionDetails. A journal entry is checked again
    /// when it is loaded, since whoever can write the journal must not choose where the Basic
    /// credentials go or where a file is written.
    public func validate(apiBaseURL: String) throws(RecordingCallbackError) {
        guard RecordingStatusCallback.isSid(recordingSid, prefix: "RE") else { throw .missing("RecordingSid") }
        guard mediaURL.hasPrefix(apiBaseURL + "/"), mediaURL.hasSuffix("/Recordings/\(recordingSid).wav") else {
            throw .foreignRecordingURL(expectedPrefix: apiBaseURL)
        }
        do {
            _ = try EncryptionDetails(json: encryptionDetails)
        } catch {
            throw .invalidDetails("\(error)")
        }
    }
}
