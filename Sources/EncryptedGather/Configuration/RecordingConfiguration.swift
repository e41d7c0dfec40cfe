/// Settings of the RecordingStatusCallback: where recordings and private keys live, and how to
/// reach Twilio's REST API. None is required to start; downloads need credentials.
public struct RecordingConfiguration: Sendable {
    /// Decrypted recordings, `{RecordingSid}.wav`, and the journal (`RECORDINGS_DIR`).
    public var recordingsDirectory: String
    /// Private keys named `CR….pem` after their public key SIDs (`RECORDING_KEYS_DIR`).
    public var keysDirectory: String
    /// Twilio's REST API; only `RecordingUrl`s below it are downloaded (`TWILIO_API_BASE_URL`).
    public var apiBaseURL: String
    /// HTTP Basic credentials: `TWILIO_ACCOUNT_SID` with the auth token, or an API key.
    public var credentials: TwilioCredentials?
    /// How failed downloads are retried.
    public var retryPolicy: RetryPolicy
    /// The largest recording downloaded (`RECORDING_MAX_BYTES`, default 2 GiB): a bigger one is
    /// given up on rather than allowed to fill the disk.
    public var maximumBytes: Int64
    /// Downloads at once (`RECORDING_MAX_DOWNLOADS`, default 4).
    public var maximumDownloads: Int
    /// How long an instance holds a recording job in PostgreSQL without renewing it
    /// (`RECORDING_LEASE`, seconds, default 60): a dead instance's job waits this long for another.
    public var lease: Duration

    /// Settings given directly (tests).
    public init(
        recordingsDirectory: String = ".encrypted-gather/recordings", keysDirectory: String = ".encrypted-gather/recording-keys",
        apiBaseURL: String = "https://api.twilio.com", credentials: TwilioCredentials? = nil, retryPolicy: RetryPolicy = .standard,
        maximumBytes: Int64 = 2 << 30, maximumDownloads: Int = 4, lease: Duration = .seconds(60)
    ) {
        self.lease = lease
        self.maximumBytes = maximumBytes
        self.maximumDownloads = maximumDownloads
        self.recordingsDirectory = recordingsDirectory
        self.keysDirectory = keysDirectory
        self.apiBaseURL = apiBaseURL
        self.credentials = credentials
        self.retryPolicy = retryPolicy
    }

    /// Resolves and validates the recording settings.
    public init(settings: Settings, authToken: SharedToken?) throws(ConfigurationError) {
        let apiBaseURL = try ServerConfiguration.validatedHTTPURL(settings["TWILIO_API_BASE_URL"] ?? "https://api.twilio.com", name: "TWILIO_API_BASE_URL")
        var credentials: TwilioCredentials?
        if let keySid = settings["TWILIO_API_KEY_SID"] {
            guard RecordingStatusCallback.isSid(keySid, prefix: "SK") else {
                throw .invalidSetting("TWILIO_API_KEY_SID", value: keySid, expected: "SK followed by 32 hex digits")
            }
            let secret = try SharedToken(settings["TWILIO_API_KEY_SECRET"] ?? "", name: "TWILIO_API_KEY_SECRET")
            credentials = TwilioCredentials(username: keySid, password: secret)
        } else if let accountSid = settings["TWILIO_ACCOUNT_SID"], let authToken {
            guard RecordingStatusCallback.isSid(accountSid, prefix: "AC") else {
                throw .invalidSetting("TWILIO_ACCOUNT_SID", value: accountSid, expected: "AC followed by 32 hex digits")
            }
            credentials = TwilioCredentials(username: accountSid, password: authToken)
        }
        let maximumBytesText = settings["RECORDING_MAX_BYTES"] ?? String(2 << 30)
        guard let maximumBytes = Int64(maximumBytesText), maximumBytes > 0 else {
            throw .invalidSetting("RECORDING_MAX_BYTES", value: maximumBytesText, expected: "a positive number of bytes")
        }
        let maximumDownloadsText = settings["RECORDING_MAX_DOWNLOADS"] ?? "4"
        guard let maximumDownloads = Int(maximumDownloadsText), (1...64).contains(maximumDownloads) else {
            throw .invalidSetting("RECORDING_MAX_DOWNLOADS", value: maximumDownloadsText, expected: "a number from 1 to 64")
        }
        let leaseText = settings["RECORDING_LEASE"] ?? "60"
        guard let leaseSeconds = Int(leaseText), (1...3600).contains(leaseSeconds) else {
            throw .invalidSetting("RECORDING_LEASE", value: leaseText, expected: "a number of seconds from 1 to 3600")
        }
        self.init(
            recordingsDirectory: settings["RECORDINGS_DIR"] ?? ".encrypted-gather/recordings",
            keysDirectory: settings["RECORDING_KEYS_DIR"] ?? ".encrypted-gather/recording-keys",
            apiBaseURL: apiBaseURL, credentials: credentials, maximumBytes: maximumBytes, maximumDownloads: maximumDownloads,
            lease: .seconds(leaseSeconds))
    }
}
