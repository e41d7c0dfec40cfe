import ArgumentParser
import EncryptedGather
import Foundation

/// Every setting as a flag named after its environment variable in kebab case. Flags win over
/// the environment; `--dev` adds `.encrypted-gather/dev.env` beneath both.
struct ServerOptions: ParsableArguments {
    @Option(help: "AES-256 key, 64 hex characters (env AES_SECRET).") var aesSecret: String?
    @Option(help: "Twilio auth token, validates X-Twilio-Signature (env TWILIO_AUTH_TOKEN).") var twilioAuthToken: String?
    @Option(help: "Bearer token of /decrypt-gather (env VERIFY_TOKEN).") var verifyToken: String?
    @Option(help: "The URL Twilio sees (env PUBLIC_BASE_URL; default http://127.0.0.1:PORT).") var publicBaseUrl: String?
    @Option(help: "Where ciphertexts are verified (env VERIFY_URL; default this server's /decrypt-gather).") var verifyUrl: String?
    @Option(help: "Address to bind (env HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to bind, 0 for any free one (env PORT; default 8080).") var port: String?
    @Option(help: "The store: an SQLite file, or postgres://user:password@host:port/db (env ACCOUNTS_DB, else DATABASE_URL; default .encrypted-gather/accounts.sqlite). Prefer the environment for a URL with a password.") var accountsDb: String?
    @Option(help: "Key of the PIN hash, 64+ hex characters (env PIN_HASH_KEY; default derived from AES_SECRET).") var pinHashKey: String?
    @Option(help: "The call's flow file, JSON (env FLOW; default the tutorial's card last-4 and PIN).") var flow: String?
    @Option(help: "tutorial (AES-256-GCM under AES_SECRET, the tutorial's format) or sealed (HPKE to the verifier's key) (env CIPHER_MODE; default tutorial).") var cipherMode: String?
    @Option(help: "Sealed mode, gather side: the verifier's public key, sealing-<kid>.pub.pem (env SEALING_PUBLIC_KEY).") var sealingPublicKey: String?
    @Option(help: "Sealed mode, verifier: the folder of sealing private keys, each 0600 (env SEALING_KEYS_DIR).") var sealingKeysDir: String?
    @Option(help: "Seconds a sealed value stays valid (env CIPHERTEXT_TTL; default 900).") var ciphertextTtl: String?
    @Option(help: "Up to 3 earlier AES keys, comma-separated, accepted for opening only (env AES_SECRET_PREVIOUS).") var aesSecretPrevious: String?
    @Option(help: "Seconds an idle connection stays open (env IDLE_TIMEOUT; default 20).") var idleTimeout: String?
    @Option(help: "Seconds a request may take to arrive after its head (env READ_TIMEOUT; default 10).") var readTimeout: String?
    @Option(help: "Connections accepted at once (env MAX_CONNECTIONS; default 1000).") var maxConnections: String?
    @Option(help: "Serve GET /metrics (Prometheus) on a listener of its own: port (loopback) or host:port (env METRICS_ADDRESS; default off).") var metricsAddress: String?
    @Option(help: "Largest recording downloaded, in bytes (env RECORDING_MAX_BYTES; default 2 GiB).") var recordingMaxBytes: String?
    @Option(help: "Recording downloads at once (env RECORDING_MAX_DOWNLOADS; default 4).") var recordingMaxDownloads: String?
    @Option(help: "Seconds an instance holds a recording job in PostgreSQL between renewals (env RECORDING_LEASE; default 60).") var recordingLease: String?
    @Option(help: "Static files (env PUBLIC_DIR; default Public).") var publicDir: String?
    @Option(help: "TwiML templates (env TWIML_DIR; default TwiML).") var twimlDir: String?
    @Option(help: "The softphone page served at /simulator with --dev (env SIMULATOR_DIR; default Simulator).") var simulatorDir: String?

    @Option(help: "Decrypted recordings and their journal (env RECORDINGS_DIR; default .encrypted-gather/recordings).") var recordingsDir: String?
    @Option(help: "Private keys named CR….pem (env RECORDING_KEYS_DIR; default .encrypted-gather/recording-keys).") var recordingKeysDir: String?
    @Option(help: "Twilio's REST API, where recordings are downloaded (env TWILIO_API_BASE_URL; default https://api.twilio.com).") var twilioApiBaseUrl: String?
    @Option(help: "Account SID for downloads, with the auth token (env TWILIO_ACCOUNT_SID).") var twilioAccountSid: String?
    @Option(help: "API key SID for downloads, instead of the account SID (env TWILIO_API_KEY_SID).") var twilioApiKeySid: String?
    @Option(help: "API key secret (env TWILIO_API_KEY_SECRET).") var twilioApiKeySecret: String?

    /// Settings that are secrets: as flags they show in `ps`, so `serve` warns.
    static let secretNames = ["AES_SECRET", "AES_SECRET_PREVIOUS", "TWILIO_AUTH_TOKEN", "VERIFY_TOKEN", "PIN_HASH_KEY", "TWILIO_API_KEY_SECRET"]

    /// The flags given, keyed by their environment names.
    var flags: [String: String] {
        let pairs: [(String, String?)] = [
            ("AES_SECRET", aesSecret), ("TWILIO_AUTH_TOKEN", twilioAuthToken), ("VERIFY_TOKEN", verifyToken),
            ("PUBLIC_BASE_URL", publicBaseUrl), ("VERIFY_URL", verifyUrl), ("HOST", host), ("PORT", port),
            ("ACCOUNTS_DB", accountsDb), ("PIN_HASH_KEY", pinHashKey), ("FLOW", flow), ("CIPHER_MODE", cipherMode), ("SEALING_PUBLIC_KEY", sealingPublicKey),
            ("SEALING_KEYS_DIR", sealingKeysDir), ("CIPHERTEXT_TTL", ciphertextTtl), ("AES_SECRET_PREVIOUS", aesSecretPrevious),
            ("IDLE_TIMEOUT", idleTimeout), ("READ_TIMEOUT", readTimeout),
            ("MAX_CONNECTIONS", maxConnections), ("METRICS_ADDRESS", metricsAddress), ("RECORDING_MAX_BYTES", recordingMaxBytes),
            ("RECORDING_MAX_DOWNLOADS", recordingMaxDownloads), ("RECORDING_LEASE", recordingLease),
            ("PUBLIC_DIR", publicDir), ("TWIML_DIR", twimlDir),
            ("SIMULATOR_DIR", simulatorDir), ("RECORDINGS_DIR", recordingsDir), ("RECORDING_KEYS_DIR", recordingKeysDir),
            ("TWILIO_API_BASE_URL", twilioApiBaseUrl), ("TWILIO_ACCOUNT_SID", twilioAccountSid), ("TWILIO_API_KEY_SID", twilioApiKeySid),
            ("TWILIO_API_KEY_SECRET", twilioApiKeySecret),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { name, value in value.map { (name, $0) } })
    }

    /// Flags over the process environment; with `devFallback`, over `.encrypted-gather/dev.env`
    /// when it exists (commands that never create it).
    func settings(devFallback: Bool = false) throws(ConfigurationError) -> Settings {
        let settings = Settings(flags: flags, environment: ProcessInfo.processInfo.environment)
        guard devFallback, FileManager.default.fileExists(atPath: DevEnvironment.defaultPath) else { return settings }
        return settings.withFallback(try DevEnvironment.load(at: DevEnvironment.defaultPath))
    }
}
