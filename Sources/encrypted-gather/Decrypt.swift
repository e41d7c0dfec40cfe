import ArgumentParser
import EncryptedGather

/// `decrypt VALUE`: open a value, as the verifier would.
struct Decrypt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decrypt a value as the verifier would: hex under AES_SECRET (or .encrypted-gather/dev.env), or an s1. value with SEALING_KEYS_DIR.")

    @Argument(help: "The value: hex of nonce, ciphertext and tag, or s1.<kid>.<t>.<hex>.") var value: String
    @Option(help: "Sealed values: the field it was sealed for.") var field = "card"
    @Option(help: "Sealed values: the CallSid it was sealed for.") var callSid: String?
    @OptionGroup var options: ServerOptions

    func run() throws {
        guard let parsed = FieldCiphertext(wire: value) else {
            throw fail("VALUE is not a ciphertext: expected even-length hex of at least \(Ciphertext.minimumByteCount) bytes, or s1.<kid>.<t>.<hex>")
        }
        do {
            let settings = try options.settings(devFallback: true)
            let keyRing: SealingKeyRing?
            if case .sealed = parsed {
                guard let directory = settings["SEALING_KEYS_DIR"] else {
                    throw ConfigurationError.other("a sealed value opens only with a private key: set SEALING_KEYS_DIR to the verifier's sealing keys")
                }
                keyRing = try SealingKeyRing(directory: directory)
            } else {
                keyRing = nil
            }
            let secrets = try settings["AES_SECRET"].map { [try AESSecret(hex: $0)] } ?? []
            if case .tutorial = parsed, secrets.isEmpty { throw ConfigurationError.missingSecret("AES_SECRET") }
            guard let name = FieldName(field) else { throw ConfigurationError.other("--field must be a field name such as card or pin") }
            // The command line opens whatever it is given, however old: no time-to-live here.
            let opener = FieldOpener(aesSecrets: secrets, keyRing: keyRing, timeToLive: .max)
            let digits = try opener.open(parsed, field: name, callSid: callSid)
            print(digits.withPlaintext { $0 })
        } catch {
            throw fail("\(error)")
        }
    }
}
