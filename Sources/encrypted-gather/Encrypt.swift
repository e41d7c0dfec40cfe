import ArgumentParser
import EncryptedGather

/// `encrypt TEXT`: seal text as the webhook would.
struct Encrypt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encrypt TEXT as the webhook would: under AES_SECRET (or .encrypted-gather/dev.env), or with CIPHER_MODE=sealed to SEALING_PUBLIC_KEY.",
        discussion: "A sealed value is bound to its field and call: give them with --field and --call-sid, as the verifier will be told.")

    @Argument(help: "The text to encrypt.") var text: String
    @Option(help: "Sealed mode: the field the value is for.") var field = "card"
    @Option(help: "Sealed mode: the CallSid the value is for (required).") var callSid: String?
    @OptionGroup var options: ServerOptions

    func run() throws {
        do {
            let settings = try options.settings(devFallback: true)
            if settings["CIPHER_MODE"] == CipherMode.sealed.rawValue || (settings["SEALING_PUBLIC_KEY"] != nil && settings["AES_SECRET"] == nil) {
                guard let path = settings["SEALING_PUBLIC_KEY"] else { throw ConfigurationError.missingSecret("SEALING_PUBLIC_KEY") }
                guard let name = FieldName(field) else { throw ConfigurationError.other("--field must be a field name such as card or pin") }
                guard let callSid, !callSid.isEmpty else { throw ConfigurationError.other("a sealed value is bound to a call: pass --call-sid") }
                guard text.utf8.count <= 64 else { throw ConfigurationError.other("TEXT must be at most 64 characters, as keypad input is") }
                let sealer = HPKESealer(publicKey: try SealingPublicKeySource(path: path))
                print(sealer.seal(Digits(text), field: name, callSid: callSid).wire)
                return
            }
            let cipher = GatherCipher(secret: try AESSecret(hex: settings["AES_SECRET"] ?? ""))
            print(cipher.seal(utf8: Array(text.utf8)).hex)
        } catch {
            throw fail("\(error)")
        }
    }
}
