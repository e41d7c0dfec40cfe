import EncryptedGather
import Foundation
import Testing

/// `serve --dev` is its own world: the review started it with a production `ACCOUNTS_DB` and
/// `TWILIO_AUTH_TOKEN` exported, and it seeded the demo caller into the real directory and checked
/// signatures with the real token.
@Suite struct ServeDevModeTests {
    func serveDev(environment: [String: String], arguments: [String] = []) throws -> (status: Int32, error: String, folder: URL) {
        let folder = try Fixture.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AccountsCommandTests.executable)
        process.arguments = ["serve", "--dev", "--port", "0"] + arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { $1 }
        process.currentDirectoryURL = folder
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: text, as: UTF8.self), folder)
    }

    @Test(arguments: ["ACCOUNTS_DB", "DATABASE_URL", "AES_SECRET", "TWILIO_AUTH_TOKEN", "VERIFY_TOKEN"])
    func aProductionSettingInTheEnvironmentStopsItWithOneLine(name: String) throws {
        let production = try Fixture.temporaryDirectory().appendingPathComponent("production.sqlite").path
        let values = [
            "ACCOUNTS_DB": production, "DATABASE_URL": "postgres://db.example.com/accounts",
            "AES_SECRET": String(repeating: "ab", count: 32), "TWILIO_AUTH_TOKEN": "production-auth-token-0123456789",
            "VERIFY_TOKEN": "production-verify-token-0123456789",
        ]
        let run = try serveDev(environment: [name: values[name]!])
        #expect(run.status != 0)
        #expect(run.error == "encrypted-gather: error: serve --dev uses only its own values in .encrypted-gather/, but \(name) in the environment is set: unset it, or run without --dev\n")
        #expect(!FileManager.default.fileExists(atPath: production))
        #expect(!FileManager.default.fileExists(atPath: run.folder.appendingPathComponent(".encrypted-gather").path))
    }

    @Test func aProductionSettingAsAFlagStopsItToo() throws {
        let run = try serveDev(environment: [:], arguments: ["--accounts-db", "/tmp/production.sqlite"])
        #expect(run.status != 0)
        #expect(run.error.contains("but --accounts-db is set"))
    }

    @Test func everySecretAndStoreIsProductionOnly() throws {
        for name in ["AES_SECRET", "TWILIO_AUTH_TOKEN", "VERIFY_TOKEN", "PIN_HASH_KEY", "ACCOUNTS_DB", "DATABASE_URL", "RECORDINGS_DIR"] {
            #expect(throws: ConfigurationError.self) {
                try DevEnvironment.refuseProductionSettings(flags: [:], environment: [name: "x"])
            }
        }
        try DevEnvironment.refuseProductionSettings(flags: ["PORT": "0"], environment: ["HOST": "127.0.0.1", "FLOW": "flows/x.json", "AES_SECRET": ""])
    }
}
