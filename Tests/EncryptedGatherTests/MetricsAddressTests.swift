import EncryptedGather
import Testing

/// `METRICS_ADDRESS`: off unless set, loopback unless a host says otherwise, one line when wrong.
@Suite struct MetricsAddressTests {
    func configuration(_ extra: [String: String], dev: Bool = false) throws(ConfigurationError) -> ServerConfiguration {
        try ServerConfiguration(settings: Settings(environment: ConfigurationTests.valid.merging(extra) { $1 }), isDevelopment: dev)
    }

    @Test func metricsAreOffUnlessTheAddressIsSet() throws {
        #expect(try configuration([:]).metricsAddress == nil)
        #expect(try configuration([:], dev: true).metricsAddress == nil)
    }

    @Test func aPortAloneBindsLoopback() throws {
        #expect(try configuration(["METRICS_ADDRESS": "9464"]).metricsAddress == MetricsAddress(host: "127.0.0.1", port: 9464))
    }

    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464), ("localhost:0", "localhost", 0), ("0.0.0.0:9100", "0.0.0.0", 9100),
        ("[::1]:9464", "::1", 9464), ("metrics.internal:9464", "metrics.internal", 9464),
    ])
    func hostAndPortAreTakenAsGiven(text: String, host: String, port: Int) throws {
        #expect(try MetricsAddress(parsing: text) == MetricsAddress(host: host, port: port))
    }

    @Test(arguments: ["", "http", "9464x", "70000", "-1", ":9464", "127.0.0.1:", "::1:9464", "[::1]", "[::1]9464", "a b:9464", "host:port", "127.0.0.1:9464/metrics"])
    func anythingElseIsOneLineNamingTheSetting(text: String) {
        let error = #expect(throws: ConfigurationError.self) { try MetricsAddress(parsing: text) }
        #expect(error?.description.hasPrefix("METRICS_ADDRESS is invalid") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func theFlagWinsOverTheEnvironment() throws {
        let settings = Settings(flags: ["METRICS_ADDRESS": "9100"], environment: ConfigurationTests.valid.merging(["METRICS_ADDRESS": "9200"]) { $1 })
        #expect(try ServerConfiguration(settings: settings, isDevelopment: false).metricsAddress?.port == 9100)
    }

    @Test func anotherHostIsAllowedButWarnedAbout() throws {
        #expect(try configuration(["METRICS_ADDRESS": "9464"]).warnings.isEmpty)
        let exposed = try configuration(["METRICS_ADDRESS": "0.0.0.0:9464"])
        #expect(exposed.warnings.contains { $0.hasPrefix("METRICS_ADDRESS binds 0.0.0.0, not loopback") })
    }

    @Test func devModeKeepsMetricsOnLoopback() throws {
        #expect(try configuration(["METRICS_ADDRESS": "127.0.0.1:9464"], dev: true).metricsAddress?.port == 9464)
        let error = #expect(throws: ConfigurationError.self) { try configuration(["METRICS_ADDRESS": "0.0.0.0:9464"], dev: true) }
        #expect(error?.description.hasPrefix("METRICS_ADDRESS is invalid") == true)
    }
}
