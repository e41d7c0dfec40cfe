import ArgumentParser
import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import Logging

/// `serve [--dev]`: run the webhook and the verifier.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the voice webhook (/encrypted-gather) and the verifier (/decrypt-gather).")

    @Flag(help: "Zero-config local mode: generated secrets in .encrypted-gather/dev.env, demo account, loopback only.")
    var dev = false

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let recentLogLines = dev ? RecentLogLines() : nil
        let logger = ServeLogging.bootstrapped(teeingInto: recentLogLines)
        do {
            var settings = try options.settings()
            var createdDevEnvironment = false
            if dev {
                try DevEnvironment.refuseProductionSettings(flags: options.flags, environment: ProcessInfo.processInfo.environment)
                let devEnvironment = try DevEnvironment.loadOrCreate()
                settings = settings.withFallback(devEnvironment.settings)
                createdDevEnvironment = devEnvironment.created
            }
            let configuration = try ServerConfiguration(settings: settings, isDevelopment: dev)
            if dev {
                logger.notice(
                    "development mode: \(createdDevEnvironment ? "generated" : "reusing") secrets in \(DevEnvironment.defaultPath) (mode 0600)")
                if let demo = configuration.flow.demo {
                    let values = configuration.flow.source == Flow.tutorial.source
                        ? "card ending 1234, PIN 4321" : "the demo values in \(configuration.flow.source)"
                    logger.notice("development mode: demo account seeded (\(values) -> \(demo.account.number), balance \(demo.account.balance))")
                }
                logger.notice("development mode: bound to loopback only (\(configuration.host)); not for production")
            }
            for warning in configuration.warnings { logger.warning("\(warning)") }
            let secretFlags = ServerOptions.secretNames.filter { options.flags[$0] != nil }
            if !secretFlags.isEmpty {
                logger.warning("\(secretFlags.joined(separator: ", ")) given as flags: other local users can read them in the process list; prefer the environment")
            }
            let directoryService = try await AccountDirectoryService.open(configuration: configuration, logger: logger)
            let app: any ApplicationProtocol
            do {
                app = try buildApplication(
                    configuration: configuration, directory: directoryService.directory, services: [directoryService],
                    softphone: recentLogLines.map { Softphone(recentLogLines: $0) }, logger: logger)
            } catch {
                await directoryService.directory.close()
                throw error
            }
            do {
                try await app.runService()
            } catch {
                // The directory service may never have run (the port was taken): close it here.
                await directoryService.directory.close()
                throw fail("cannot serve on \(configuration.host):\(configuration.port): \(error)")
            }
        } catch let error as ConfigurationError {
            throw fail(error)
        }
    }
}
