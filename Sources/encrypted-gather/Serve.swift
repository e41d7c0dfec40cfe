import ArgumentParser
import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// `serve [--dev] [--role all|gather|verifier]`: run the webhooks, the verifier, or both.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the voice webhook (/encrypted-gather) and the verifier (/decrypt-gather), together or as separate roles.")

    @Flag(help: "Zero-config local mode: generated secrets in .encrypted-gather/dev.env, demo account, loopback only.")
    var dev = false

    @Option(help: "all (webhooks and verifier), gather (webhooks only) or verifier (/decrypt-gather only).")
    var role: String = ServerRole.all.rawValue

    @OptionGroup var options: ServerOptions

    func run() async throws {
        guard let role = ServerRole(rawValue: role) else { throw fail("--role must be all, gather or verifier") }
        let recentLogLines = dev ? RecentLogLines() : nil
        let logger = ServeLogging.bootstrapped(teeingInto: recentLogLines)
        do {
            var settings = try options.settings()
            var createdDevEnvironment = false
            if dev {
                try DevEnvironment.refuseProductionSettings(flags: options.flags, environment: ProcessInfo.processInfo.environment)
                let devEnvironment = try DevEnvironment.loadOrCreate()
                var generated = devEnvironment.settings
                if settings["CIPHER_MODE"] == CipherMode.sealed.rawValue {
                    // A sealed gather process must hold no key that decrypts, in dev mode too.
                    if role == .gather { generated["AES_SECRET"] = nil }
                    generated.merge(try DevEnvironment.sealingKeys(for: role)) { $1 }
                }
                settings = settings.withFallback(generated)
                createdDevEnvironment = devEnvironment.created
            }
            let configuration = try ServerConfiguration(settings: settings, isDevelopment: dev, role: role)
            let metrics = ServeMetrics.bootstrapped(for: configuration)
            if dev {
                logger.notice(
                    "development mode: \(createdDevEnvironment ? "generated" : "reusing") secrets in \(DevEnvironment.defaultPath) (mode 0600)")
                if let demo = configuration.flow.demo, role.servesVerifier {
                    let values = configuration.flow.source == Flow.tutorial.source
                        ? "card ending 1234, PIN 4321" : "the demo values in \(configuration.flow.source)"
                    logger.notice("development mode: demo account seeded (\(values) -> \(demo.account.number), balance \(demo.account.balance))")
                }
                logger.notice("development mode: bound to loopback only (\(configuration.host)); not for production")
            }
            for warning in configuration.warnings { logger.warning("\(warning)") }
            if configuration.credentialHasher?.isDerivedFromAESSecret == true, !dev {
                logger.warning("PIN_HASH_KEY is not set: the directory's hashes use a key derived from AES_SECRET, so AES_SECRET cannot be rotated; set PIN_HASH_KEY to the output of `encrypted-gather keygen --pin-hash-key-from-aes-secret` to make it independent")
            }
            let secretFlags = ServerOptions.secretNames.filter { options.flags[$0] != nil }
            if !secretFlags.isEmpty {
                logger.warning("\(secretFlags.joined(separator: ", ")) given as flags: other local users can read them in the process list; prefer the environment")
            }
            // The verifier keeps its accounts, lockouts and used ciphertexts in the store; with
            // PostgreSQL the recording jobs live there too, so a gather host opens it for them.
            let sharesRecordingJobs = role.servesWebhooks && PostgresURL.isPostgres(configuration.accountsDatabase)
            if role.servesVerifier || sharesRecordingJobs {
                let directoryService = try await AccountDirectoryService.open(configuration: configuration, logger: logger)
                let guards: VerificationGuards = role.servesVerifier ? directoryService.guards : .inMemory()
                try await serve(
                    configuration, directory: directoryService.directory, guards: guards,
                    recordingJobs: directoryService.opened.recordingJobs, services: [directoryService], logger: logger,
                    recentLogLines: recentLogLines, metrics: metrics
                ) {
                    await directoryService.opened.close()
                }
            } else {
                // A gather host looks nobody up: it opens no directory at all.
                try await serve(
                    configuration, directory: InMemoryAccountDirectory(), guards: .inMemory(), recordingJobs: nil, services: [], logger: logger,
                    recentLogLines: recentLogLines, metrics: metrics) {}
            }
        } catch let error as ConfigurationError {
            throw fail(error)
        }
    }

    private func serve<Directory: AccountDirectory>(
        _ configuration: ServerConfiguration, directory: Directory, guards: VerificationGuards, recordingJobs: (any RecordingJobStore)?,
        services: [any Service], logger: Logger,
        recentLogLines: RecentLogLines?, metrics: PrometheusExport?, closeDirectory: () async -> Void
    ) async throws {
        let app: any ApplicationProtocol
        do {
            app = try buildApplication(
                configuration: configuration, directory: directory, guards: guards, recordingJobs: recordingJobs, services: services,
                softphone: recentLogLines.map { Softphone(recentLogLines: $0) }, metrics: metrics, logger: logger)
        } catch {
            await closeDirectory()
            throw error
        }
        do {
            // SIGTERM drains: stop accepting, let requests in flight finish (10 s at most), then
            // exit 0, with every queued log line written first.
            var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = .seconds(10)
            try await ServiceGroup(configuration: group).run()
            logger.notice("encrypted-gather stopped")
            LogWriter.standardOutput.flush()
        } catch let error as MetricsListenerError {
            await closeDirectory()
            throw fail(error.description)
        } catch {
            // The directory service may never have run (the port was taken): close it here.
            await closeDirectory()
            throw fail("cannot serve on \(configuration.host):\(configuration.port): \(error)")
        }
    }
}
