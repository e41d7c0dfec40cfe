import ArgumentParser
import EncryptedGather
import Logging

/// `accounts`: manage the account directory.
struct Accounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the account directory (ACCOUNTS_DB).", subcommands: [Add.self, Remove.self, List.self])

    /// `accounts add --last4 1234 --pin 4321 --account AC12345678 --balance 12.55`, or for any
    /// flow `accounts add --field accountNumber=- --field dob=- …` (values from stdin).
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the account a caller's identity values unlock. The values are stored only as a keyed hash.",
            discussion: """
                The tutorial's flow: --last4 1234 --pin 4321. Any flow (FLOW): one --field NAME=VALUE per identity \
                field; NAME=- reads the value from a line of standard input, so it stays out of shell history. \
                Values another account already has are refused: remove that account first.
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
                let database = DatabaseLocation.setting(in: settings)
                let path = try DatabaseLocation(database.value, setting: database.name)
                try await withDirectory(path, setting: database.name, hashKeyID: hasher.keyID) { directory in
                    do {
                        try await directory.add(Account(number: account, balance: amount), credentialHash: credential)
                    } catch let error as AccountDirectoryError {
                        throw fail("\(path): \(error)")
                    } catch {
                        throw fail("\(path): cannot write the account: \(error)")
                    }
                }
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

    /// `accounts remove --account AC12345678`: forgets every credential of an account.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account and every identity value filed for it.")

        @Option(help: "The account number to remove.") var account: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let (path, setting) = try options.accountsDatabase()
            let removed = try await withDirectory(path, setting: setting) { directory in
                do {
                    return try await directory.remove(accountNumber: account)
                } catch {
                    throw fail("\(path): cannot remove the account: \(error)")
                }
            }
            guard removed > 0 else { throw fail("\(path): no account \(account)") }
            print("removed \(account) from \(path)")
        }
    }

    /// `accounts list`: the account numbers, one per line; nothing about credentials.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every account number in the directory, one per line.")

        @OptionGroup var options: ServerOptions

        func run() async throws {
            let (path, setting) = try options.accountsDatabase()
            let numbers = try await withDirectory(path, setting: setting) { directory in
                do {
                    return try await directory.accountNumbers()
                } catch {
                    throw fail("\(path): cannot read the accounts: \(error)")
                }
            }
            for number in numbers { print(number) }
        }
    }
}

/// Opens the store at `location` for one command and closes it whatever happens.
private func withDirectory<T: Sendable>(
    _ location: DatabaseLocation, setting: String, hashKeyID: String? = nil, _ body: @Sendable (any AccountDirectory) async throws -> T
) async throws -> T {
    var logger = Logger(label: "encrypted-gather")
    logger.logLevel = .warning
    let opened: OpenedStore
    do {
        opened = try await OpenedStore.open(location, setting: setting, hashKeyID: hashKeyID, logger: logger)
    } catch {
        throw fail(error)
    }
    return try await opened.whileOpen { try await body($0) }
}

extension ServerOptions {
    /// The store `ACCOUNTS_DB` (or `DATABASE_URL`) names, or the default file, and the setting's name.
    func accountsDatabase() throws -> (DatabaseLocation, String) {
        do {
            let database = DatabaseLocation.setting(in: try settings(devFallback: true))
            return (try DatabaseLocation(database.value, setting: database.name), database.name)
        } catch {
            throw fail(error)
        }
    }
}
