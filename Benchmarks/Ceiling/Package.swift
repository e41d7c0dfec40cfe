// swift-tools-version:6.0
// The no-work ceilings of this stack on this machine, for scripts/bench-ceiling: a SwiftNIO
// HTTP/1 server and a Hummingbird 2 application that each answer a GET without work. Kept out of
// the product's package so that `swift build` there never builds them.
import PackageDescription

let package = Package(
    name: "Ceiling",
    platforms: [.macOS(.v14)],
    dependencies: [
        // The versions the product builds with (its Package.swift).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
    ],
    targets: [
        .executableTarget(
            name: "hello-hummingbird",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        .executableTarget(
            name: "hello-nio",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
    ]
)
