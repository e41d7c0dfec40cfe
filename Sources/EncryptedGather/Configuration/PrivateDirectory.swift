import Foundation

/// A folder only the server's user may enter: where decrypted recordings are written. Created
/// 0700 when missing; one that is a link, belongs to another user or is open to others stops
/// start-up, since whoever can write in it could plant links or journal entries.
public enum PrivateDirectory {
    /// Creates `path` owner-only if missing, then checks it; `setting` names it in errors.
    public static func prepare(_ path: String, setting: String) throws(ConfigurationError) {
        if !FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .file(path, "cannot create the folder (\(setting))")
            }
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { throw .file(path, "cannot read the folder's attributes (\(setting))") }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw .file(path, "\(setting) must be a folder, not a link or a file") }
        guard status.st_uid == geteuid() else { throw .file(path, "\(setting) must belong to the user the server runs as (uid \(geteuid()))") }
        guard status.st_mode & 0o077 == 0 else {
            throw .file(path, "\(setting) is open to others (mode \(String(status.st_mode & 0o777, radix: 8))); run chmod 700 \(path)")
        }
    }
}
