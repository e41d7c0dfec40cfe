import Crypto
import Foundation

/// The public half of a sealing key (`SEALING_PUBLIC_KEY`, a `sealing-<kid>.pub.pem` SPKI file):
/// all the gather side holds in sealed mode. It can seal, never open.
public struct SealingPublicKey: Sendable, CustomStringConvertible {
    /// The key as swift-crypto uses it.
    public let key: P256.KeyAgreement.PublicKey
    /// Its key id, which every value sealed to it carries.
    public let keyID: String

    /// Wraps a key.
    public init(_ key: P256.KeyAgreement.PublicKey) {
        self.key = key
        self.keyID = SealingSuite.keyID(of: key)
    }

    /// Reads a PEM public key (`BEGIN PUBLIC KEY`, P-256); `source` names it in errors.
    public init(pem: String, source: String) throws(ConfigurationError) {
        guard let block = PEMBlock.first(in: pem, labels: ["PUBLIC KEY"]) else {
            if PEMBlock.first(in: pem, labels: ["PRIVATE KEY", "EC PRIVATE KEY"]) != nil {
                throw .file(source, "is a private key; the gather side takes only the public key (sealing-<kid>.pub.pem)")
            }
            throw .file(source, "is not a PEM P-256 public key")
        }
        do {
            self.init(try P256.KeyAgreement.PublicKey(pemRepresentation: block))
        } catch {
            throw .file(source, "is not a PEM P-256 public key")
        }
    }

    /// Reads `SEALING_PUBLIC_KEY` from `path`.
    public init(path: String) throws(ConfigurationError) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .file(path, "cannot read the sealing public key (SEALING_PUBLIC_KEY)")
        }
        try self.init(pem: text, source: path)
    }

    /// SPKI PEM, as `keygen --sealed` writes `sealing-<kid>.pub.pem`.
    public var pemRepresentation: String { key.pemRepresentation }

    public var description: String { "SealingPublicKey(\(keyID))" }
}

/// One PEM block out of a file that may hold several (`openssl ecparam -genkey` writes the curve's
/// parameters before the key).
enum PEMBlock {
    static func first(in text: String, labels: [String]) -> String? {
        for label in labels {
            guard let start = text.range(of: "-----BEGIN \(label)-----"),
                  let end = text.range(of: "-----END \(label)-----", range: start.upperBound..<text.endIndex)
            else { continue }
            return String(text[start.lowerBound..<end.upperBound]) + "\n"
        }
        return nil
    }
}
