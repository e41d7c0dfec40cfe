import ArgumentParser
import AsyncHTTPClient
import EncryptedGather
import Foundation
import GatherSimulator

/// `simulate`: play Twilio's part against a voice webhook, one call with a transcript or many as
/// a load test.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Place simulated Twilio calls to a voice webhook and run the TwiML it answers.",
        discussion: """
            With no options it calls this server's webhook (`serve --dev`), signing with the auth token in \
            .encrypted-gather/dev.env. Examples:
              encrypted-gather simulate --digits 1234,4321 --expect "your balance is 12.55"
              encrypted-gather simulate --digits 1234,4321 --calls 2000 --concurrency 50
            """)

    @Option(help: "The voice webhook to call (default http://127.0.0.1:$PORT/encrypted-gather, PORT defaulting to 8080).")
    var url: String?

    @Option(help: "Twilio auth token to sign with (env TWILIO_AUTH_TOKEN, else .encrypted-gather/dev.env).")
    var authToken: String?

    @Option(help: "Keys to press, one entry per <Gather>, comma-separated; an empty entry is silence (e.g. ,1234,4321). Typed at the keyboard when omitted.")
    var digits: String?

    @Option(help: "Fail (exit 1) unless Twilio says this text.")
    var expect: String?

    @Option(help: "Calls to place.")
    var calls = 1

    @Option(help: "Calls in flight at once.")
    var concurrency = 1

    func validate() throws {
        guard calls >= 1 else { throw ValidationError("--calls must be at least 1") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let devSettings = FileManager.default.fileExists(atPath: DevEnvironment.defaultPath)
            ? (try? DevEnvironment.load(at: DevEnvironment.defaultPath)) ?? [:] : [:]
        let settings = Settings(flags: authToken.map { ["TWILIO_AUTH_TOKEN": $0] } ?? [:], environment: environment, fallback: devSettings)
        guard let token = settings["TWILIO_AUTH_TOKEN"] else {
            throw fail("no auth token: pass --auth-token, set TWILIO_AUTH_TOKEN, or run `serve --dev` first (it writes \(DevEnvironment.defaultPath))")
        }
        let webhookURL = url ?? "http://127.0.0.1:\(environment["PORT"] ?? "8080")/encrypted-gather"
        guard let parsed = URL(string: webhookURL), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
            throw fail("--url must be an http:// or https:// URL")
        }

        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, concurrency)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let webhook = WebhookClient(client: client, authToken: SharedToken(unchecked: token))
        let succeeded: Bool
        if calls == 1 {
            succeeded = await placeOneCall(webhook: webhook, url: webhookURL)
        } else {
            succeeded = await runLoad(webhook: webhook, url: webhookURL)
        }
        try? await client.shutdown()
        if !succeeded { throw ExitCode(1) }
    }

    private func keypad() -> any Keypad {
        if let digits { return ScriptedKeypad(digits: digits) }
        return isatty(STDIN_FILENO) != 0 ? TerminalKeypad() : ScriptedKeypad([])
    }

    private func placeOneCall(webhook: WebhookClient, url: String) async -> Bool {
        let caller = CallerIdentity()
        print("Calling \(url) as Twilio (CallSid \(caller.callSid))")
        let result = await SimulatedCall(webhook: webhook, keypad: keypad(), caller: caller).run(url: url) { event in
            print(event.line)
        }
        if let expect, !result.heard(expect) {
            FileHandle.standardError.write(Data("encrypted-gather: error: expected to hear \"\(expect)\", but Twilio did not say it\n".utf8))
            return false
        }
        return result.error == nil
    }

    private func runLoad(webhook: WebhookClient, url: String) async -> Bool {
        let keypadEntries = digits.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
        let expect = self.expect
        let total = calls
        let progress = ProgressBar(total: total)
        let report = await LoadTest(calls: calls, concurrency: concurrency).run(
            placeCall: { _ in
                let result = await SimulatedCall(webhook: webhook, keypad: ScriptedKeypad(keypadEntries)).run(url: url)
                return (result, result.error == nil && (expect.map(result.heard) ?? true))
            },
            progress: { completed, failed in progress.update(completed: completed, failed: failed) }
        )
        progress.finish()
        print(report.table)
        return report.failedCalls == 0
    }
}
