import Foundation
import Testing

/// The built `encrypted-gather` executable run as a child process, with its output in a log
/// file: for what only separate processes show (roles, signals, the real listener).
final class ChildProcess: @unchecked Sendable {
    static var executable: String {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("encrypted-gather").path
    }

    let process = Process()
    let log: URL

    /// Starts `encrypted-gather arguments…` in `folder` with exactly `environment` (and a PATH).
    init(_ arguments: [String], environment: [String: String], in folder: URL) throws {
        log = folder.appendingPathComponent("process-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { $1 }
        process.currentDirectoryURL = folder
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Everything it wrote so far.
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The port a `serve` child listens on, once it does.
    func port() async throws -> Int {
        for _ in 0..<600 {
            if let match = output.firstMatch(of: /listening on 127\.0\.0\.1:(\d+)/) { return Int(match.output.1)! }
            if let match = output.firstMatch(of: /"hb.server.port":"(\d+)"/) { return Int(match.output.1)! }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the server did not start: \(output)")
        throw CancellationError()
    }

    /// Waits until its output contains `text` `count` times (or it exits).
    func waitFor(_ text: String, count: Int = 1, within seconds: Int = 60) async throws -> Bool {
        for _ in 0..<(seconds * 10) {
            if output.components(separatedBy: text).count - 1 >= count { return true }
            guard process.isRunning else { return false }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Waits for it to exit; its status.
    func exitStatus() async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        return process.terminationStatus
    }

    /// Sends SIGHUP (reload keys).
    func hangUp() { kill(process.processIdentifier, SIGHUP) }

    /// Stops it.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Runs `encrypted-gather arguments…` to completion; its status and output.
    static func run(_ arguments: [String], environment: [String: String], in folder: URL) async throws -> (status: Int32, output: String) {
        let child = try ChildProcess(arguments, environment: environment, in: folder)
        let status = await child.exitStatus()
        return (status, child.output)
    }
}
