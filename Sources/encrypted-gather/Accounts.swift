import ArgumentParser
import EncryptedGather
import Logging

/// `accounts`: manage the account directory.
struct Accounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the account directory (ACCOUNTS_DB).", subcommands: [Add.self])

    /// `accounts add --last4 1234 --pin 4321 --account AC12345678 --balance 12.55`, or for any
    /// flow `accounts add --field accountNumber=- --field dob=- …` (values from stdin).
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add (or replace) the account a caller's identity values unlock. The values are stored only as a keyed hash.",
            discussion: """
                The tutorial's flow: --last4 1234 --pin 4321. Any flow (FLOW): one --field NAME=VALUE per identity \
                field; NAME=- reads the value from a line of standard input, so it stays out of shell history.
                """)

        @Option(help: "The card's last 4 digits (the tutorial's flow).") var last4: String?
        @Option(help: "The caller's 4-digit PIN (the tutorial's flow).") var pin: String?
        @Option(name: .customLong("field"), help: "NAME=VALUE of an identity field of the flow; NAME=- reads VALUE from stdin. Repeatable.")
        var fields: [String] = []
        @Option(help: "The account number the verifier answers, e.g. AC12345678.") var account: String
        @Option(help: "The balance, e.g. 12.55 (exact, at most 2 decimals).") var balance: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            guard !account.isEmpty, account.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw fail("--account must be letters, digits, - or _")
            }
            guard let amount = Balance(balance) else { throw fail("--balance must be a decimal amount such as 12.55") }
            do {
                let settings = try options.settings(devFallback: true)
                let flow = try ServerConfiguration.flow(settings: settings)
                let values = try identityValues()
                let secret = try settings["AES_SECRET"].map { try AESSecret(hex: $0) }
                let mode = settings["CIPHER_MODE"].flatMap(CipherMode.init(rawValue:)) ?? .tutorial
                let hasher = try CredentialHasher(settings: settings, aesSecret: secret, mode: mode)
                let credential: CredentialHash
                do {
                    credential = try flow.credentialHash(for: values, hasher: hasher)
                } catch {
                    throw fail(error)
                }
                let path = settings["ACCOUNTS_DB"] ?? ".encrypted-gather/accounts.sqlite"
                var logger = Logger(label: "encrypted-gather")
                logger.logLevel = .warning
                let directory = try await SQLiteAccountDirectory.open(path: path, hashKeyID: hasher.keyID, logger: logger)
                do {
                    try await directory.add(Account(number: account, balance: amount), credentialHash: credential)
                } catch {
                    await directory.close()
                    throw fail("\(path): cannot write the account: \(error)")
                }
                await directory.close()
                print("added \(account) (balance \(amount)) to \(path)")
            } catch let error as ConfigurationError {
                throw fail(error)
            }
        }

        /// The values given by `--last4`, `--pin` and `--field`, reading `-` values from stdin.
        private func identityValues() throws -> [FieldName: Digits] {
            var values: [FieldName: Digits] = [:]
            if let last4 { values["card"] = Digits(last4) }
            if let pin { values["pin"] = Digits(pin) }
            for entry in fields {
                guard let equals = entry.firstIndex(of: "="), let name = FieldName(String(entry[..<equals])) else {
                    throw fail("--field must be NAME=VALUE (or NAME=- to read VALUE from stdin)")
                }
                var value = String(entry[entry.index(after: equals)...])
                if value == "-" {
                    guard let line = readLine(strippingNewline: true) else { throw fail("--field \(name)=-: no line on standard input") }
                    value = line
                }
                guard values.updateValue(Digits(value), forKey: name) == nil else { throw fail("\(name) is given twice") }
            }
            return values
        }
    }
}
