import ArgumentParser
import EncryptedGather
import Foundation

/// `keygen`: print a new AES_SECRET, or write a sealing key pair.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a new random AES_SECRET (64 hex characters), or with --sealed write a sealing key pair.",
        discussion: """
            encrypted-gather keygen                          prints an AES_SECRET
            encrypted-gather keygen --sealed --out DIR       writes DIR/sealing-<kid>.pem (private, 0600) and DIR/sealing-<kid>.pub.pem
            encrypted-gather keygen --new-pin-hash-key       prints a new PIN_HASH_KEY
            encrypted-gather keygen --pin-hash-key-from-aes-secret
                                                             prints the PIN_HASH_KEY an existing directory's hashes use (derived from AES_SECRET)
            """)

    @Flag(help: "Write a P-256 sealing key pair for sealed mode instead.") var sealed = false
    @Option(help: "The folder for --sealed (created owner-only if missing).") var out: String?
    @Flag(help: "Print a new random PIN_HASH_KEY.") var newPinHashKey = false
    @Flag(help: "Print the PIN_HASH_KEY derived from AES_SECRET, to make an existing directory's key explicit.") var pinHashKeyFromAesSecret = false
    @OptionGroup var options: ServerOptions

    func run() throws {
        if pinHashKeyFromAesSecret {
            do {
                let settings = try options.settings(devFallback: true)
                print(CredentialHasher(derivingFrom: try AESSecret(hex: settings["AES_SECRET"] ?? "")).hexRepresentation)
            } catch {
                throw fail(error)
            }
            return
        }
        if newPinHashKey {
            print(AESSecret.random().hexRepresentation)
            return
        }
        guard sealed else {
            print(AESSecret.random().hexRepresentation)
            return
        }
        guard let out else { throw fail("--sealed needs --out DIR, the folder to write the key pair to") }
        do {
            let (privatePath, publicPath) = try SealingKeyFiles.write(SealingPrivateKey.generate(), to: out)
            print("wrote \(privatePath) (private key, 0600: give it to the verifier's SEALING_KEYS_DIR)")
            print("wrote \(publicPath) (public key: the gather side's SEALING_PUBLIC_KEY)")
        } catch {
            throw fail(error)
        }
    }
}
