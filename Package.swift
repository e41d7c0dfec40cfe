// swift-tools-version:6.2
import PackageDescription

// The same upcoming features Hummingbird builds with: explicit `any`, and imports that must be
// spelled out where a member is used, so a file's dependencies are visible at its top.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "encrypted-gather",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "encrypted-gather", targets: ["encrypted-gather"]),
        .executable(name: "recording-bench", targets: ["recording-bench"]),
        .library(name: "EncryptedGather", targets: ["EncryptedGather"]),
        .library(name: "EncryptedGatherServer", targets: ["EncryptedGatherServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        // Already built for Hummingbird; named here for the HTTP request parts a channel handler sees.
        .package(url: "https://github.com/apple/swift-nio-extras.git", exact: "1.35.2"),
        // Already built for Hummingbird; named here for its event loops as Swift concurrency's executor.
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        // Several instances share accounts, lockout counters, used ciphertexts and recording jobs.
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        // Already built for postgres-nio; named here for the TLS settings of `sslmode`.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", exact: "0.2.0"),
        .package(url: "https://github.com/JohnSundell/Ink.git", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
    ],
    targets: [
        // Debian's OpenSSL 3 (libssl-dev), for streaming AES-256-GCM: swift-crypto has none.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Debian's SQLite (libsqlite3-dev), the embedded store: used directly, so that a whole
        // verification's statements run in one hop to the store's thread.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The domain: cipher, TwiML prompts, the call flow, signatures, accounts, verification.
        // No HTTP server in here.
        .target(
            name: "EncryptedGather",
            dependencies: [
                "COpenSSL",
                "CSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                // The embedded store's thread, and the event loops its callers resume on.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                // Counters and timings through swift-metrics' API; which backend exports them is
                // the server's business.
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // Hummingbird: routes, middleware and the outbound verifier client mapped onto the domain.
        .target(
            name: "EncryptedGatherServer",
            dependencies: [
                "EncryptedGather",
                // The dev-only softphone places its calls with the simulator's webhook client.
                "GatherSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                // The blocking pool, for a recording's fsync.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // Plays Twilio's part: places calls against a voice webhook and runs its TwiML.
        .target(
            name: "GatherSimulator",
            dependencies: [
                "EncryptedGather",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // Argument parsing only.
        .executableTarget(
            name: "encrypted-gather",
            dependencies: [
                "EncryptedGather",
                "EncryptedGatherServer",
                "GatherSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                // Runs Swift concurrency on the event loops (see `Main`).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Measures recording decryption for scripts/measure-recordings.
        .executableTarget(
            name: "recording-bench",
            dependencies: ["EncryptedGather"],
            swiftSettings: swiftSettings
        ),
        // What more than one test target needs.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "EncryptedGatherTests",
            dependencies: [
                "EncryptedGather", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatherSimulatorTests",
            dependencies: [
                "EncryptedGather",
                "EncryptedGatherServer",
                "GatherSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EncryptedGatherServerTests",
            dependencies: [
                "EncryptedGather",
                "TestSupport",
                "EncryptedGatherServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
