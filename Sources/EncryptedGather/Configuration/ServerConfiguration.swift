import Foundation

/// Everything the server needs, resolved once from `Settings` and validated before anything binds.
public struct ServerConfiguration: Sendable {
    /// The address to bind.
    public var host: String
    /// The port to bind; 0 lets the system choose.
    public var port: Int
    /// The URL Twilio sees; `nil` means `http://127.0.0.1:{bound port}`.
    public var publicBaseURL: String?
    /// Where the gather side sends ciphertexts; `nil` means this server's own `/decrypt-gather`.
    public var verifyURL: String?
    /// Which part this process plays (`serve --role`).
    public var role: ServerRole
    /// The keys that seal and open values.
    public var ciphers: CipherConfiguration
    /// The AES-256-GCM key of tutorial mode, if this process holds it.
    public var aesSecret: AESSecret? { ciphers.aesSecret }
    /// Validates `X-Twilio-Signature`; `nil` on a verifier, which answers no webhook.
    public var twilioAuthToken: SharedToken?
    /// The bearer token `/decrypt-gather` requires and the gather side sends.
    public var verifyToken: SharedToken
    /// Files callers in the account directory; `nil` on a gather host, which looks nobody up.
    public var credentialHasher: CredentialHasher?
    /// The store: an SQLite file's path, or a PostgreSQL URL (`ACCOUNTS_DB`, else `DATABASE_URL`).
    public var accountsDatabase: String
    /// Which setting `accountsDatabase` came from, for messages.
    public var accountsDatabaseSetting = "ACCOUNTS_DB"
    /// Static files served at `/`.
    public var publicDirectory: String
    /// The TwiML templates.
    public var twimlDirectory: String
    /// The README rendered at `/readme`, which the index page links to: `README.md` beside
    /// `Public/`.
    public var readmePath: String {
        URL(fileURLWithPath: publicDirectory).deletingLastPathComponent().appendingPathComponent("README.md").path
    }
    /// The dev-only softphone page, served at `/simulator` with `--dev` and never as a static file.
    public var simulatorDirectory: String
    /// The call: the fields gathered and how they are asked (`FLOW`; the tutorial's by default).
    public var flow: Flow
    /// Connection limits: how long an idle connection stays open, how long a request may take to
    /// arrive, and how many connections are accepted at once.
    public var connections: ConnectionLimits
    /// Zero-config local mode: loopback only, demo account seeded.
    public var isDevelopment: Bool
    /// The RecordingStatusCallback's folders and Twilio API access.
    public var recordings: RecordingConfiguration
    /// Lockouts and how long used ciphertexts are remembered.
    public var guards: GuardSettings
    /// Where `/metrics` listens, on a listener of its own; `nil` (the default) serves no metrics.
    public var metricsAddress: MetricsAddress?

    /// Builds a configuration directly (tests): tutorial mode under `aesSecret`, unless `ciphers`
    /// says otherwise.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicBaseURL: String? = nil, verifyURL: String? = nil,
        role: ServerRole = .all, aesSecret: AESSecret? = nil, ciphers: CipherConfiguration? = nil,
        twilioAuthToken: SharedToken?, verifyToken: SharedToken,
        credentialHasher: CredentialHasher? = nil,
        accountsDatabase: String = ".encrypted-gather/accounts.sqlite",
        publicDirectory: String = "Public", twimlDirectory: String = "TwiML", simulatorDirectory: String = "Simulator",
        flow: Flow = .tutorial, connections: ConnectionLimits = ConnectionLimits(), isDevelopment: Bool = false, recordings: RecordingConfiguration = RecordingConfiguration(),
        guards: GuardSettings = GuardSettings(), metricsAddress: MetricsAddress? = nil
    ) {
        self.host = host
        self.port = port
        self.publicBaseURL = publicBaseURL
        self.verifyURL = verifyURL
        self.role = role
        self.ciphers = ciphers ?? CipherConfiguration(mode: .tutorial, aesSecret: aesSecret)
        self.twilioAuthToken = twilioAuthToken
        self.verifyToken = verifyToken
        self.credentialHasher = credentialHasher ?? aesSecret.map(CredentialHasher.init(derivingFrom:))
        self.accountsDatabase = accountsDatabase
        self.publicDirectory = publicDirectory
        self.twimlDirectory = twimlDirectory
        self.simulatorDirectory = simulatorDirectory
        self.flow = flow
        self.connections = connections
        self.isDevelopment = isDevelopment
        self.recordings = recordings
        self.guards = guards
        self.metricsAddress = metricsAddress
    }

    /// Resolves and validates every setting; the first problem is thrown as one line.
    public init(settings: Settings, isDevelopment: Bool, role: ServerRole = .all) throws(ConfigurationError) {
        let host = settings["HOST"] ?? "127.0.0.1"
        if isDevelopment, !Self.isLoopback(host) {
            throw .invalidSetting("HOST", value: host, expected: "a loopback address with --dev (127.0.0.1, ::1 or localhost)")
        }
        let portText = settings["PORT"] ?? "8080"
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw .invalidSetting("PORT", value: portText, expected: "a port number from 0 to 65535")
        }
        let publicBaseURL = try settings["PUBLIC_BASE_URL"].map { url throws(ConfigurationError) in
            try Self.validatedHTTPURL(url, name: "PUBLIC_BASE_URL")
        }
        let verifyURL = try settings["VERIFY_URL"].map { url throws(ConfigurationError) in
            try Self.validatedHTTPURL(url, name: "VERIFY_URL")
        }
        if role == .gather, verifyURL == nil {
            throw .other("VERIFY_URL is not set: a gather process sends ciphertexts to a verifier elsewhere (serve --role verifier)")
        }
        let ciphers = try CipherConfiguration(settings: settings, role: role)
        let twilioAuthToken = role.servesWebhooks ? try SharedToken(settings["TWILIO_AUTH_TOKEN"] ?? "", name: "TWILIO_AUTH_TOKEN") : nil
        let hasher = role.servesVerifier
            ? try CredentialHasher(settings: settings, aesSecret: ciphers.aesSecret, mode: ciphers.mode, isDevelopment: isDevelopment) : nil
        let flow = try Self.flow(settings: settings)
        // A malformed URL stops start-up here, before anything binds.
        let database = DatabaseLocation.setting(in: settings)
        _ = try DatabaseLocation(database.value, setting: database.name)
        self.init(
            host: host, port: port, publicBaseURL: publicBaseURL, verifyURL: verifyURL,
            role: role, ciphers: ciphers,
            twilioAuthToken: twilioAuthToken,
            verifyToken: try SharedToken(settings["VERIFY_TOKEN"] ?? "", name: "VERIFY_TOKEN"),
            credentialHasher: hasher,
            accountsDatabase: database.value,
            publicDirectory: settings["PUBLIC_DIR"] ?? "Public",
            twimlDirectory: settings["TWIML_DIR"] ?? "TwiML",
            simulatorDirectory: settings["SIMULATOR_DIR"] ?? "Simulator",
            flow: flow,
            connections: try ConnectionLimits(settings: settings),
            isDevelopment: isDevelopment,
            recordings: try RecordingConfiguration(settings: settings, authToken: twilioAuthToken),
            guards: try GuardSettings(settings: settings, timeToLiveSeconds: ciphers.timeToLiveSeconds),
            metricsAddress: try MetricsAddress.resolve(settings: settings, isDevelopment: isDevelopment)
        )
        accountsDatabaseSetting = database.name
    }

    /// The flow file `FLOW` names, or the tutorial's flow.
    public static func flow(settings: Settings) throws(ConfigurationError) -> Flow {
        guard let path = settings["FLOW"] else { return .tutorial }
        do {
            return try FlowFile.load(path: path)
        } catch {
            throw .other(error.description)
        }
    }

    /// A warning for the operator, if any: Twilio's PCI Mode requires an HTTPS `<Gather>` action.
    public var publicBaseURLWarning: String? {
        guard let publicBaseURL, Self.isPlainHTTPToAnotherHost(publicBaseURL) else { return nil }
        return "PUBLIC_BASE_URL is plain http on a non-loopback host: Twilio's PCI Mode requires an https <Gather> action, and digits would cross the network unencrypted"
    }

    /// Every start-up warning: URLs that would carry digits, ciphertexts, the bearer token or the
    /// Basic credentials over plain http to another machine.
    public var warnings: [String] {
        var warnings = publicBaseURLWarning.map { [$0] } ?? []
        if let verifyURL, Self.isPlainHTTPToAnotherHost(verifyURL) {
            warnings.append("VERIFY_URL is plain http on a non-loopback host: the ciphertexts and VERIFY_TOKEN would cross the network unencrypted")
        }
        if Self.isPlainHTTPToAnotherHost(recordings.apiBaseURL) {
            warnings.append("TWILIO_API_BASE_URL is plain http on a non-loopback host: the Basic credentials and the recordings would cross the network unencrypted")
        }
        if let warning = metricsAddress?.exposureWarning { warnings.append(warning) }
        return warnings
    }

    static func isPlainHTTPToAnotherHost(_ url: String) -> Bool {
        url.lowercased().hasPrefix("http://") && !isLoopback(host(of: url))
    }

    /// Whether `host` names this machine only: `localhost`, `::1` or an IPv4 literal in
    /// 127.0.0.0/8 (a name such as `127.example.com` resolves anywhere, so it is not).
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    static func host(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "" }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[...close])
        }
        return String(authority.prefix { $0 != ":" })
    }

    static func validatedHTTPURL(_ url: String, name: String) throws(ConfigurationError) -> String {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), !host(of: url).isEmpty,
              !url.contains(where: \.isWhitespace)
        else {
            throw .invalidSetting(name, value: url, expected: "an http:// or https:// URL")
        }
        return url
    }
}
