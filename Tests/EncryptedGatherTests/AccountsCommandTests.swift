import EncryptedGather
import Foundation
import Logging
import Testing

/// `encrypted-gather accounts add`, run as the built executable: the tutorial's `--last4 --pin`,
/// and `--field NAME=VALUE` for any flow, with `NAME=-` read from standard input.
@Suite struct AccountsCommandTests {
    static let secretHex = String(repeating: "0f", count: 32)

    func accounts(_ arguments: [String], stdin: String = "", database: String) throws -> Fixture.ExecutableRun {
        try Fixture.runExecutable(
            ["accounts", "add"] + arguments, environment: ["AES_SECRET": Self.secretHex, "ACCOUNTS_DB": database], stdin: stdin,
            in: try Fixture.temporaryDirectory())
    }

    func lookUp(_ values: [String], in database: String) async throws -> Account? {
        let directory = try await SQLiteStore.open(path: database, logger: Logger(label: "test"))
        let hasher = CredentialHasher(derivingFrom: try AESSecret(hex: Self.secretHex))
        let account = try await directory.account(credentialHash: hasher.credentialHash(of: values.map(Digits.init)))
        await directory.close()
        return account
    }

    func database() throws -> String {
        try Fixture.temporaryDirectory().appendingPathComponent("accounts.sqlite").path
    }

    @Test func theTutorialsLast4AndPinStillWork() async throws {
        let path = try database()
        let run = try accounts(["--last4", "1234", "--pin", "4321", "--account", "AC1", "--balance", "1.00"], database: path)
        #expect(run.status == 0, "\(run.error)")
        #expect(try await lookUp(["1234", "4321"], in: path) == Account(number: "AC1", balance: Balance(cents: 100)))
    }

    @Test func fieldsOfAnotherFlowAreReadFromStandardInput() async throws {
        let path = try database()
        let flow = Fixture.repositoryRoot.appendingPathComponent("flows/account-dob.json").path
        let run = try accounts(
            ["--flow", flow, "--field", "accountNumber=-", "--field", "dob=-", "--account", "AC2", "--balance", "2.50"],
            stdin: "12345678\n01021990\n", database: path)
        #expect(run.status == 0, "\(run.error)")
        #expect(!run.output.contains("12345678") && !run.output.contains("01021990"))
        #expect(try await lookUp(["12345678", "01021990"], in: path) == Account(number: "AC2", balance: Balance(cents: 250)))
    }

    @Test(arguments: [
        (["--field", "card=4242424242424242", "--field", "expiry=1299", "--field", "securityCode=123"], "securityCode does not identify the caller"),
        (["--field", "card=4242424242424241", "--field", "expiry=1299"], "card does not meet its rule (cardNumber)"),
        (["--field", "card=4242424242424242"], "expiry is required by flow card-payment"),
        (["--field", "card"], "--field must be NAME=VALUE"),
    ])
    func aValueTheFlowCannotFileIsOneLineThatNamesTheFieldNotTheValue(arguments: [String], message: String) throws {
        let flow = Fixture.repositoryRoot.appendingPathComponent("flows/card-payment.json").path
        let run = try accounts(["--flow", flow] + arguments + ["--account", "AC3", "--balance", "1.00"], database: try database())
        #expect(run.status != 0)
        #expect(run.error.contains(message), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)
        #expect(!run.error.contains("424242") && !run.error.contains("1299") && !run.error.contains("123\n"))
    }

    func run(_ arguments: [String], database: String) throws -> Fixture.ExecutableRun {
        try Fixture.runExecutable(
            ["accounts"] + arguments, environment: ["AES_SECRET": Self.secretHex, "ACCOUNTS_DB": database], in: try Fixture.temporaryDirectory())
    }

    @Test func identityValuesAnotherAccountHasAreRefusedWithOneLineAndNothingChanges() async throws {
        let path = try database()
        #expect(try accounts(["--last4", "1234", "--pin", "4321", "--account", "AC1", "--balance", "1.00"], database: path).status == 0)
        let second = try accounts(["--last4", "1234", "--pin", "4321", "--account", "AC2", "--balance", "9.00"], database: path)
        #expect(second.status != 0)
        #expect(second.error.contains("another account already has these identity values"), "\(second.error)")
        #expect(second.error.split(separator: "\n").count == 1)
        #expect(!second.error.contains("1234") && !second.error.contains("4321") && !second.error.contains("AC1"))
        #expect(try await lookUp(["1234", "4321"], in: path) == Account(number: "AC1", balance: Balance(cents: 100)))
    }

    @Test func listPrintsAccountNumbersOnlyAndRemoveForgetsOne() async throws {
        let path = try database()
        #expect(try accounts(["--last4", "1234", "--pin", "4321", "--account", "AC1", "--balance", "1.00"], database: path).status == 0)
        #expect(try accounts(["--last4", "5678", "--pin", "8765", "--account", "AC2", "--balance", "2.00"], database: path).status == 0)
        let list = try run(["list"], database: path)
        #expect(list.status == 0)
        #expect(list.output == "AC1\nAC2\n")
        let removed = try run(["remove", "--account", "AC1"], database: path)
        #expect(removed.status == 0, "\(removed.error)")
        #expect(try await lookUp(["1234", "4321"], in: path) == nil)
        #expect(try run(["list"], database: path).output == "AC2\n")
        let again = try run(["remove", "--account", "AC1"], database: path)
        #expect(again.status != 0)
        #expect(again.error.contains("no account AC1"))
    }
}
