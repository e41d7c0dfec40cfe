#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A directory of your recording private keys, one PEM file per Twilio Public Key resource,
/// named by its SID: `CR201607f4ca45a533cdca8d9a828c2a87.pem`.
///
/// Twilio says in each recording's details which public key it used, and that is not always the
/// one you configured: if it cannot retrieve that key it falls back to another of your account's
/// keys (error 16107). Keeping every key by SID lets any recording be decrypted.
///
/// Keys are read from disk at each lookup, so the ring is `Sendable` and a key added while a
/// server runs is found without a restart.
public struct RecordingKeyRing: Sendable {
    /// The directory holding the `CR….pem` files.
    public let directory: String

    /// A key ring over `directory`; nothing is read until a key is asked for.
    public init(directory: String) {
        self.directory = directory
    }

    /// The private key for a SID, read from `CR….pem`.
    ///
    /// - Throws: ``RecordingKeyError``: a missing file gives one line that mentions Twilio's
    ///   fallback to another key.
    public func privateKey(for publicKeySid: PublicKeySid) throws -> RecordingPrivateKey {
        let path = path(for: publicKeySid)
        // Checked at every load, not only at start-up: a key added while the server runs gets
        // the same scrutiny as one that was there before.
        var status = stat()
        if lstat(path, &status) == 0 {
            // Not through a link, whose target the check would not see.
            guard status.st_mode & S_IFMT == S_IFREG else { throw RecordingKeyError.unreadableKeyFile(path: path, errno: ELOOP) }
            if status.st_mode & 0o077 != 0 {
                throw RecordingKeyError.keyFileTooOpen(path: path, mode: UInt32(status.st_mode & 0o777))
            }
        }
        guard let pem = try KeyFile.readIfPresent(path) else {
            throw RecordingKeyError.missingKey(sid: publicKeySid, directory: directory)
        }
        return try RecordingPrivateKey(pemRepresentation: pem, source: path)
    }

    /// The SIDs that have a `CR….pem` file, sorted; other files are ignored.
    ///
    /// - Throws: ``RecordingKeyError`` if the directory cannot be listed.
    public func publicKeySids() throws -> [PublicKeySid] {
        guard let stream = opendir(directory) else {
            throw RecordingKeyError.unreadableKeyDirectory(path: directory, errno: errno)
        }
        defer { closedir(stream) }
        var sids: [PublicKeySid] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasSuffix(".pem"), let sid = PublicKeySid(String(name.dropLast(4))) else { continue }
            sids.append(sid)
        }
        return sids.sorted { $0.rawValue < $1.rawValue }
    }

    /// Loads every key once, so a server can refuse to start on a bad key file rather than fail
    /// on the first recording.
    ///
    /// - Returns: the SIDs of the keys, sorted.
    /// - Throws: ``RecordingKeyError`` for the first key that does not load.
    public func validate() throws -> [PublicKeySid] {
        let sids = try publicKeySids()
        for sid in sids {
            _ = try privateKey(for: sid)
        }
        return sids
    }

    private func path(for publicKeySid: PublicKeySid) -> String {
        directory.hasSuffix("/") ? directory + "\(publicKeySid).pem" : directory + "/\(publicKeySid).pem"
    }
}
