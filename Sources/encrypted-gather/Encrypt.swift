import ArgumentParser
import EncryptedGather

/// `encrypt TEXT`: seal text as the webhook would.
struct Encrypt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encrypt TEXT under AES_SECRET (or .encrypted-gather/dev.env) and print the hex ciphertext.")

    @Argument(help: "The text to encrypt.") var text: String
    @OptionGroup var options: ServerOptions

    func run() throws {
        do {
            let cipher = GatherCipher(secret: try AESSecret(hex: try options.settings(devFallback: true)["AES_SECRET"] ?? ""))
            print(cipher.seal(utf8: Array(text.utf8)).hex)
        } catch {
            throw fail(error)
        }
    }
}
