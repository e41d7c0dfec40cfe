// swift-tools-version:6.2
import Foundation
import PackageDescription

// libFuzzer harnesses for the domain's parsers: one executable per harness, built with
// `swift build --sanitize=fuzzer --sanitize=address` (see scripts/fuzz). A package of its own so
// the main package's build and tests never carry the instrumentation.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let harnesses = [
    "FuzzCiphertext",
    "FuzzFormParameters",
    "FuzzSignature",
    "FuzzEncryptionDetails",
    "FuzzFlowFile",
    "FuzzSealedEnvelope",
]

// SwiftPM names a path dependency after its folder (the clone's or worktree's name), not after
// its manifest, so the main package is referred to by whatever its folder is called here.
let mainPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "encrypted-gather-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // The same pin as the main package: FuzzSignature hashes a body as Twilio does.
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
    ],
    targets: [
        .target(name: "FuzzSupport", swiftSettings: swiftSettings),
    ] + harnesses.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "EncryptedGather", package: mainPackage),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        )
    }
)
