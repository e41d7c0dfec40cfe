import EncryptedGather
import Foundation
import Testing

@Suite struct ConfigurationTests {
    static let valid = [
        "AES_SECRET": String(repeating: "ab", count: 32),
        "TWILIO_AUTH_TOKEN": "0123456789abcdef0123456789abcdef",
        "VERIFY_TOKEN": "a-long-enough-verify-token",
    ]

    func configuration(_ environment: [String: String], flags: [String: String] = [:], dev: Bool = false) throws(ConfigurationError) -> ServerConfiguration {
        try ServerConfiguration(settings: Settings(flags: flags, environment: environment), isDevelopment: dev)
    }

    @Test func defaultsMatchTheDocumentedTable() throws {
        let configuration = try configuration(Self.valid)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.publicBaseURL == nil)
        #expect(configuration.verifyURL == nil)
        #expect(configuration.accountsDatabase == ".encrypted-gather/accounts.sqlite")
        #expect(configuration.publicDirectory == "Public")
        #expect(configuration.twimlDirectory == "TwiML")
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let configuration = try configuration(Self.valid.merging(["PORT": "9000"]) { $1 }, flags: ["PORT": "0"])
        #expect(configuration.port == 0)
    }

    @Test(arguments: ["AES_SECRET", "TWILIO_AUTH_TOKEN", "VERIFY_TOKEN"])
    func withoutDevEveryOneOfTheThreeSecretsIsRequired(name: String) {
        var environment = Self.valid
        environment[name] = nil
        let error = #expect(throws: ConfigurationError.self) { try configuration(environment) }
        #expect(error?.description.hasPrefix("\(name) is not set") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test(arguments: [
        ("AES_SECRET", "ab"), ("AES_SECRET", String(repeating: "g", count: 64)), ("TWILIO_AUTH_TOKEN", "short"),
        ("VERIFY_TOKEN", "short"), ("PORT", "80000"), ("PORT", "http"), ("PUBLIC_BASE_URL", "ftp://x"),
        ("VERIFY_URL", "not a url"), ("PIN_HASH_KEY", "abcd"),
    ])
    func aMalformedSettingIsOneLineThatNamesItButNotItsSecret(name: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) { try configuration(Self.valid.merging([name: value]) { $1 }) }
        #expect(error?.description.hasPrefix(name) == true)
        #expect(error?.description.contains("\n") == false)
        if name.contains("SECRET") || name.contains("TOKEN") || name.contains("KEY") {
            #expect(error?.description.contains(value) == false)
        }
    }

    @Test func devModeBindsLoopbackOnly() {
        #expect(throws: ConfigurationError.self) { try configuration(Self.valid.merging(["HOST": "0.0.0.0"]) { $1 }, dev: true) }
        #expect((try? configuration(Self.valid.merging(["HOST": "::1"]) { $1 }, dev: true)) != nil)
    }

    @Test func plainHTTPOnAPublicHostIsWarnedAbout() throws {
        #expect(try configuration(Self.valid.merging(["PUBLIC_BASE_URL": "http://gather.example.com"]) { $1 }).publicBaseURLWarning != nil)
        #expect(try configuration(Self.valid.merging(["PUBLIC_BASE_URL": "https://gather.example.com"]) { $1 }).publicBaseURLWarning == nil)
        #expect(try configuration(Self.valid.merging(["PUBLIC_BASE_URL": "http://127.0.0.1:8080"]) { $1 }).publicBaseURLWarning == nil)
    }

    @Test func plainHTTPToAnotherHostIsWarnedAboutForEveryOutboundURL() throws {
        let warnings = try configuration(Self.valid.merging([
            "VERIFY_URL": "http://verifier.internal/decrypt-gather", "TWILIO_API_BASE_URL": "http://api.twilio.example",
        ]) { $1 }).warnings
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.hasPrefix("VERIFY_URL is plain http") })
        #expect(warnings.contains { $0.hasPrefix("TWILIO_API_BASE_URL is plain http") })
        let quiet = try configuration(Self.valid.merging([
            "VERIFY_URL": "http://127.0.0.1:9000/decrypt-gather", "TWILIO_API_BASE_URL": "https://api.twilio.com",
        ]) { $1 }).warnings
        #expect(quiet.isEmpty)
    }
}

@Suite struct DevEnvironmentTests {
    @Test func generatesOwnerOnlySecretsOnceAndReusesThem() throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent(".encrypted-gather/dev.env").path
        let first = try DevEnvironment.loadOrCreate(at: path)
        #expect(first.created)
        let second = try DevEnvironment.loadOrCreate(at: path)
        #expect(!second.created)
        #expect(first.settings == second.settings)
        for name in DevEnvironment.generatedNames { #expect(first.settings[name]?.isEmpty == false) }
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let configuration = try ServerConfiguration(settings: Settings(fallback: first.settings), isDevelopment: true)
        #expect(configuration.isDevelopment)
    }

    @Test func refusesAFileOthersCanRead() throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("dev.env").path
        _ = try DevEnvironment.loadOrCreate(at: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let error = #expect(throws: ConfigurationError.self) { try DevEnvironment.load(at: path) }
        #expect(error?.description.contains("chmod 600") == true)
    }
}
