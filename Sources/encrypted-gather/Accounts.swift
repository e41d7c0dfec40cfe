import ArgumentParser
import EncryptedGather
import Logging

/// `accounts`: manage the account directory.
struct Accounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the account directory (ACCOUNTS_DB).", subcommands: [Add.self])

    /// `accounts add --last4 1234 --pin 4321 --account AC12345678 --balance 12.55`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add (or replace) the account unlocked by a card's last 4 digits and a PIN. The PIN is stored only as a keyed hash.")

        @Option(help: "The card's last 4 digits.") var last4: String
        @Option(help: "The caller's 4-digit PIN.") var pin: String
        @Option(help: "The account number the verifier answers, e.g. AC12345678.") var account: String
        @Option(help: "The balance, e.g. 12.55 (exact, at most 2 decimals).") var balance: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let card = Digits(last4)
            let pinDigits = Digits(pin)
            guard card.isDecimal(count: 4) else { throw fail("--last4 must be exactly 4 digits") }
            guard pinDigits.isDecimal(count: 4) else { throw fail("--pin must be exactly 4 digits") }
            guard !account.isEmpty, account.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw fail("--account must be letters, digits, - or _")
            }
            guard let amount = Balance(balance) else { throw fail("--balance must be a decimal amount such as 12.55") }
            do {
                let settings = try options.settings(devFallback: true)
                let secret = try AESSecret(hex: settings["AES_SECRET"] ?? "")
                let hasher = try CredentialHasher(settings: settings, aesSecret: secret)
                let path = settings["ACCOUNTS_DB"] ?? ".encrypted-gather/accounts.sqlite"
                var logger = Logger(label: "encrypted-gather")
                logger.logLevel = .warning
                let directory = try await SQLiteAccountDirectory.open(path: path, hasher: hasher, logger: logger)
                do {
                    try await directory.add(Account(number: account, balance: amount), cardLast4: card, pin: pinDigits)
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
    }
}
