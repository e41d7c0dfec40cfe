import ArgumentParser
import EncryptedGather
import Foundation

/// `recording`: Twilio Voice Recording Encryption from the command line.
struct Recording: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decrypt (or, to mirror Twilio, encrypt) Voice Recording Encryption files.",
        subcommands: [RecordingDecrypt.self, RecordingEncrypt.self])
}

/// `recording decrypt --private-key private_key.pem (--details JSON | --encrypted-cek B64 --iv B64) IN OUT`
struct RecordingDecrypt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt a recording; OUT appears only once the GCM tag verified (- for standard output).")

    @Option(help: "Your RSA private key (PEM, PKCS#1 or PKCS#8).") var privateKey: String?
    @Option(help: "A folder of private keys named CR….pem; the key is chosen by public_key_sid.") var keysDir: String?
    @Option(help: "The EncryptionDetails JSON (either spelling), or @FILE to read it from a file.") var details: String?
    @Option(help: "The base64 encrypted_cek, with --iv, instead of --details.") var encryptedCek: String?
    @Option(help: "The base64 iv, with --encrypted-cek.") var iv: String?
    @Argument(help: "The encrypted recording (- for standard input).") var input: String
    @Argument(help: "Where to write the audio (- for standard output).") var output: String

    func validate() throws {
        guard (privateKey == nil) != (keysDir == nil) else { throw ValidationError("give exactly one of --private-key and --keys-dir") }
        guard (details == nil) != (encryptedCek == nil && iv == nil) else {
            throw ValidationError("give either --details or both --encrypted-cek and --iv")
        }
        guard details != nil || (encryptedCek != nil && iv != nil) else { throw ValidationError("--encrypted-cek and --iv go together") }
        guard keysDir == nil || details != nil else { throw ValidationError("--keys-dir needs --details (it names public_key_sid)") }
    }

    func run() throws {
        if let privateKey {
            do {
                try PrivateFile.checkPermissions(privateKey)
            } catch {
                FileHandle.standardError.write(Data("encrypted-gather: warning: \(error)\n".utf8))
            }
        }
        let decryptor = RecordingDecryptor()
        let input: RecordingInput = self.input == "-" ? .standardInput : .file(self.input)
        let output: RecordingOutput = self.output == "-" ? .standardOutput : .file(self.output)
        do {
            if let details {
                let parsed = try EncryptionDetails(json: try Self.text(of: details))
                if let keysDir {
                    try decryptor.decrypt(input, to: output, details: parsed, keyRing: RecordingKeyRing(directory: keysDir))
                } else {
                    try decryptor.decrypt(input, to: output, details: parsed, privateKey: RecordingPrivateKey(contentsOfFile: privateKey!))
                }
            } else {
                try decryptor.decrypt(
                    input, to: output, encryptedCEK: EncryptedContentKey(base64Encoded: encryptedCek!),
                    iv: InitializationVector(base64Encoded: iv!), privateKey: RecordingPrivateKey(contentsOfFile: privateKey!))
            }
        } catch {
            throw fail("\(error)")
        }
    }

    /// `@file` reads the file; anything else is the JSON itself.
    static func text(of argument: String) throws -> String {
        guard argument.hasPrefix("@") else { return argument }
        let path = String(argument.dropFirst())
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read \(path)")
        }
        return text
    }
}

/// `recording encrypt --public-key public_key.pem IN OUT`: what Twilio does, for tests and drills.
struct RecordingEncrypt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Encrypt audio as Twilio would and print the EncryptionDetails JSON Twilio would post.")

    @Option(help: "The RSA public key you gave Twilio (PEM).") var publicKey: String
    @Option(help: "The public key's SID in Twilio (CR…), named in the details.") var publicKeySid: String?
    @Argument(help: "The audio (- for standard input).") var input: String
    @Argument(help: "Where to write the encrypted recording.") var output: String

    func run() throws {
        do {
            let key = try RecordingPublicKey(contentsOfFile: publicKey)
            let sid: PublicKeySid
            if let publicKeySid {
                guard let parsed = PublicKeySid(publicKeySid) else { throw ValidationError("--public-key-sid must be CR followed by 32 hex digits") }
                sid = parsed
            } else {
                sid = key.placeholderSid
            }
            let details = try RecordingEncryptor().encrypt(
                self.input == "-" ? .standardInput : .file(self.input), to: .file(output), publicKey: key, publicKeySid: sid)
            print(details.json)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }
}
