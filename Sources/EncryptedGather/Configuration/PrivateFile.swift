import Foundation

/// Files that hold secrets or secret-derived data: created owner-only (0600, folder 0700) and
/// refused when group or others can read them.
public enum PrivateFile {
    /// Creates `path` (and its folder) owner-only if missing; refuses one that is too open.
    public static func prepare(_ path: String) throws(ConfigurationError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .file(folder, "cannot create folder: \(error.localizedDescription)")
            }
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw .file(path, "cannot create file")
            }
        }
        try checkPermissions(path)
    }

    /// Refuses a file that group or others may read or write.
    public static func checkPermissions(_ path: String) throws(ConfigurationError) {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .file(path, "cannot read file attributes")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else { throw tooOpen(path, mode: mode) }
    }

    /// Reads a file that must be owner-only, checked on the open file itself (not through a link,
    /// and not swappable between the check and the read).
    public static func readOwnerOnly(_ path: String) throws(ConfigurationError) -> String {
        let descriptor = Foundation.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw .file(path, "cannot open file (errno \(errno)); a key file must not be a link") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw .file(path, "is not a regular file") }
        guard status.st_mode & 0o077 == 0 else { throw tooOpen(path, mode: Int(status.st_mode & 0o777)) }
        guard status.st_size < 1 << 20 else { throw .file(path, "is too large for a key file") }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        let count = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
        guard count == bytes.count, let text = String(validating: bytes, as: UTF8.self) else { throw .file(path, "cannot read file") }
        return text
    }

    private static func tooOpen(_ path: String, mode: Int) -> ConfigurationError {
        .file(path, "permissions \(String(mode, radix: 8)) are too open for a file holding secrets; run chmod 600 \(path)")
    }

    /// Writes `contents` to a new owner-only file; fails if the file exists.
    public static func create(_ path: String, contents: String) throws(ConfigurationError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .file(folder, "cannot create folder: \(error.localizedDescription)")
            }
        }
        // Written whole to a temporary file, then linked into place: link(2) fails if the file
        // exists, so two processes starting at once cannot both write (and disagree on) secrets,
        // and nobody ever reads a half-written file.
        let temporary = "\(path).\(UUID().uuidString).tmp"
        let descriptor = Foundation.open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .file(path, "cannot create file (errno \(errno))") }
        defer { unlink(temporary) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0 else { throw .file(path, "cannot write file") }
        guard link(temporary, path) == 0 else { throw .file(path, "cannot create file (errno \(errno))") }
    }
}
