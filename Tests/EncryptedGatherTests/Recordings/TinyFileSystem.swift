import Foundation

/// A 64 KiB tmpfs, to fill a disk for real. Mounting needs root (or CAP_SYS_ADMIN); where it is
/// refused, the tests that need it are skipped and say why.
enum TinyFileSystem {
    /// Whether a tmpfs can be mounted here, found by mounting and unmounting one.
    static let canMount: Bool = {
        guard let directory = try? makeMountPoint() else { return false }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", directory) else { return false }
        return run("umount", directory)
    }()

    /// Runs `body` with the path of a fresh 64 KiB tmpfs, unmounted afterwards.
    static func withMounted<T>(_ body: (String) throws -> T) throws -> T {
        let directory = try makeMountPoint()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard run("mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", directory) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        defer { _ = run("umount", directory) }
        return try body(directory)
    }

    private static func makeMountPoint() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("recordings-tmpfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    private static func run(_ arguments: String...) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
