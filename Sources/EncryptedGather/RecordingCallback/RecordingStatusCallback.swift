/// Twilio's `RecordingStatusCallback`: the parameters it posts when a recording changes state.
public struct RecordingStatusCallback: Sendable {
    /// `RecordingStatus`.
    public enum Status: String, Sendable {
        case inProgress = "in-progress"
        case completed
        case absent
        case failed
    }

    /// `RecordingSid`, `RE` + 32 hex digits.
    public let recordingSid: String
    /// `RecordingStatus`.
    public let status: Status
    /// `RecordingUrl`, without extension.
    public let recordingURL: String?
    /// `ErrorCode` (`0` when none; 16104 and 16105 are encryption failures).
    public let errorCode: String?
    /// `EncryptionDetails`, the JSON string as posted; absent for unencrypted recordings.
    public let encryptionDetails: String?
    /// `CallSid`, for logs.
    public let callSid: String?

    /// Reads the callback from its form parameters.
    public init(parameters: FormParameters) throws(RecordingCallbackError) {
        guard let sid = parameters["RecordingSid"], Self.isSid(sid, prefix: "RE") else { throw .missing("RecordingSid") }
        guard let statusText = parameters["RecordingStatus"], let status = Status(rawValue: statusText) else {
            throw .missing("RecordingStatus")
        }
        self.recordingSid = sid
        self.status = status
        self.recordingURL = parameters["RecordingUrl"].flatMap { $0.isEmpty ? nil : $0 }
        self.errorCode = parameters["ErrorCode"]
        self.encryptionDetails = parameters["EncryptionDetails"].flatMap { $0.isEmpty || $0 == "null" ? nil : $0 }
        self.callSid = parameters["CallSid"]
    }

    /// `CR`/`RE`/`CA`… followed by 32 hex digits.
    static func isSid(_ text: String, prefix: String) -> Bool {
        text.utf8.count == 34 && text.hasPrefix(prefix) && Hex.decode(text.dropFirst(2)) != nil
    }
}

/// Why a recording callback was refused. One line; carries no key material.
public struct RecordingCallbackError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The line.
    public let description: String

    init(description: String, isTemporary: Bool = false) {
        self.description = description
        self.isTemporary = isTemporary
    }

    /// A required parameter is absent or malformed.
    public static func missing(_ name: String) -> Self { Self(description: "\(name) is missing or malformed") }
    /// `RecordingUrl` is not under the configured Twilio API base URL, so no credentials go there.
    public static func foreignRecordingURL(expectedPrefix: String) -> Self {
        Self(description: "RecordingUrl is not under TWILIO_API_BASE_URL (\(expectedPrefix)); refusing to send credentials elsewhere")
    }
    /// The journal could not be written: the callback was not recorded, and saying so lets
    /// Twilio (or its retry settings) try again.
    public static let journalUnavailable = Self(description: "the recording journal cannot be written", isTemporary: true)
    /// Whether the failure is ours and temporary (503) rather than the callback's (400).
    public var isTemporary = false

    /// `EncryptionDetails` could not be used.
    public static func invalidDetails(_ reason: String) -> Self { Self(description: "EncryptionDetails is invalid: \(reason)") }
}
