import EncryptedGather
import Foundation
import TestSupport

/// Test fixtures shared by the suites.
enum Fixture {
    /// The repository root, found from this file so tests run from any working directory.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The operator-facing TwiML templates, as shipped.
    static var twimlDirectory: String { repositoryRoot.appendingPathComponent("TwiML").path }

    /// A committed vector file, decoded.
    static func vectors<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Vectors/\(name)")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    /// The path of a committed vector file or generator script.
    static func vectorPath(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Vectors/\(name)").path
    }

    /// The day rule checks see in tests: expiries from 12/26 on are still valid.
    static let today = CalendarDate(year: 2026, month: 12, day: 2)!

    /// A flow shipped in `flows/`.
    static func shippedFlow(_ name: String) throws -> Flow {
        try FlowFile.load(path: repositoryRoot.appendingPathComponent("flows/\(name).json").path)
    }

    /// A fixed test key (not a secret).
    static let secret = try! AESSecret(hex: String(repeating: "0f", count: 32))

    /// A fresh empty folder under the system's temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eg-tests-\(TemporaryName.random())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Whether `tool` is on the PATH (for the interoperability tests that run Node and Python).
    static func hasTool(_ tool: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }
    }

    /// The `encrypted-gather` executable beside this test bundle in the build folder.
    static var executable: String {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("encrypted-gather").path
    }

    /// What a run of the executable did.
    struct ExecutableRun {
        let status: Int32
        let output: String
        let error: String
    }

    /// Runs `encrypted-gather arguments…` in `folder` with exactly `environment` (and a PATH),
    /// `stdin` on its standard input.
    static func runExecutable(_ arguments: [String], environment: [String: String], stdin: String = "", in folder: URL) throws -> ExecutableRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { $1 }
        process.currentDirectoryURL = folder
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ExecutableRun(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }

    /// Runs a command, returning its trimmed standard output and exit status.
    static func run(_ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), process.terminationStatus)
    }
}
