import Foundation
import Synchronization

/// Every sealing private key in `SEALING_KEYS_DIR`, by key id: what the verifier opens sealed
/// values with. Each `*.pem` private key file must be owner-only (0600).
///
/// A value sealed to a key id the ring does not hold makes it read the folder again (at most once
/// a second), so a key added for a rotation is found without a restart; `reload()` is also called
/// on SIGHUP.
public final class SealingKeyRing: Sendable {
    /// The folder.
    public let directory: String
    private let state: Mutex<(keys: [String: SealingPrivateKey], loadedAt: ContinuousClock.Instant)>

    /// Loads every key in `directory`; throws one line for the first that is unusable.
    public init(directory: String) throws(ConfigurationError) {
        self.directory = directory
        self.state = Mutex((try Self.load(directory), ContinuousClock.now))
    }

    /// A ring holding `keys` (tests).
    public init(keys: [SealingPrivateKey]) {
        self.directory = ""
        self.state = Mutex((Dictionary(keys.map { ($0.keyID, $0) }) { first, _ in first }, ContinuousClock.now))
    }

    /// The key ids held, sorted.
    public var keyIDs: [String] { state.withLock { $0.keys.keys.sorted() } }

    /// The key for `keyID`, reading the folder again if it is not held and was not read in the
    /// last second.
    public func key(for keyID: String) -> SealingPrivateKey? {
        if let key = state.withLock({ $0.keys[keyID] }) { return key }
        guard !directory.isEmpty, state.withLock({ ContinuousClock.now - $0.loadedAt > .seconds(1) }) else { return nil }
        try? reload()
        return state.withLock { $0.keys[keyID] }
    }

    /// Reads the folder again: keys added appear, keys removed are gone. A folder that has become
    /// unusable keeps the keys already held, and says why.
    public func reload() throws(ConfigurationError) {
        let keys: [String: SealingPrivateKey]
        do {
            keys = try Self.load(directory)
        } catch {
            // Still rate-limited while the folder is broken: no rescan per request.
            state.withLock { $0.loadedAt = ContinuousClock.now }
            throw error
        }
        state.withLock { $0 = (keys, ContinuousClock.now) }
    }

    private static func load(_ directory: String) throws(ConfigurationError) -> [String: SealingPrivateKey] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw .file(directory, "cannot list the sealing keys folder (SEALING_KEYS_DIR)")
        }
        var keys: [String: SealingPrivateKey] = [:]
        for name in names where name.hasSuffix(".pem") && !name.hasSuffix(".pub.pem") {
            let path = (directory as NSString).appendingPathComponent(name)
            let key = try SealingPrivateKey(pem: try PrivateFile.readOwnerOnly(path), source: path)
            keys[key.keyID] = key
        }
        guard !keys.isEmpty else { throw .file(directory, "holds no sealing private key (*.pem); make one with keygen --sealed") }
        return keys
    }
}
