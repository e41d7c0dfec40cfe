import ArgumentParser
import EncryptedGather

/// `decrypt HEX`: open a ciphertext, as the verifier would.
struct Decrypt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decrypt a hex ciphertext under AES_SECRET (or .encrypted-gather/dev.env) and print the text.")

    @Argument(help: "The ciphertext: hex of nonce, ciphertext and tag.") var hex: String
    @OptionGroup var options: ServerOptions

    func run() throws {
        let secret: AESSecret
        do {
            secret = try AESSecret(hex: try options.settings(devFallback: true)["AES_SECRET"] ?? "")
        } catch {
            throw fail(error)
        }
        guard let ciphertext = Ciphertext(hex: hex) else {
            throw fail("HEX is not a valid ciphertext: expected even-length hex of at least \(Ciphertext.minimumByteCount) bytes")
        }
        do {
            let plaintext = try GatherCipher(secret: secret).open(ciphertext)
            print(String(decoding: plaintext, as: UTF8.self))
        } catch {
            throw fail(error)
        }
    }
}
