import Foundation

/// The files `keygen --sealed` writes: `sealing-<kid>.pem` (PKCS#8, 0600) and
/// `sealing-<kid>.pub.pem` (SPKI).
public enum SealingKeyFiles {
    /// Writes `key`'s two files into `directory` (created 0700 if missing); refuses to overwrite.
    public static func write(_ key: SealingPrivateKey, to directory: String) throws(ConfigurationError) -> (privateKey: String, publicKey: String) {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        let privatePath = folder.appendingPathComponent("sealing-\(key.keyID).pem").path
        let publicPath = folder.appendingPathComponent("sealing-\(key.keyID).pub.pem").path
        try PrivateFile.create(privatePath, contents: key.pemRepresentation)
        do {
            try Data(key.publicKey.pemRepresentation.utf8).write(to: URL(fileURLWithPath: publicPath), options: .withoutOverwriting)
        } catch {
            throw .file(publicPath, "cannot write the public key")
        }
        return (privatePath, publicPath)
    }
}
