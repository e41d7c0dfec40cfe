import EncryptedGather
import Foundation
import Logging
import Testing

@Suite struct BalanceTests {
    @Test(arguments: [("12.55", "12.55"), ("12.5", "12.50"), ("12", "12.00"), ("0.05", "0.05"), ("-3.1", "-3.10"), ("007.00", "7.00")])
    func balancesAreExact(text: String, rendered: String) throws {
        #expect(try #require(Balance(text)).description == rendered)
    }

    @Test(arguments: ["", "12.555", "1e3", " 12", "12.", ".5", "abc", "12,55", "99999999999999999999"])
    func anythingButADecimalAmountIsRefused(text: String) {
        #expect(Balance(text) == nil)
    }

    @Test func balancesEncodeAsStrings() throws {
        let json = try JSONEncoder().encode(Account(number: "AC12345678", balance: Balance(cents: 1255)))
        let decoded = try JSONSerialization.jsonObject(with: json) as? [String: String]
        #expect(decoded == ["account": "AC12345678", "balance": "12.55"])
    }
}

@Suite struct AccountDirectoryTests {
    let hasher = CredentialHasher(derivingFrom: Fixture.secret)

    @Test func theCredentialHashIsKeyedAndCoversCardAndPin() {
        let other = CredentialHasher(derivingFrom: try! AESSecret(hex: String(repeating: "11", count: 32)))
        let hash = hasher.credentialHash(cardLast4: Digits("1234"), pin: Digits("4321"))
        #expect(hash != other.credentialHash(cardLast4: Digits("1234"), pin: Digits("4321")))
        #expect(hash != hasher.credentialHash(cardLast4: Digits("1234"), pin: Digits("4322")))
        #expect(hash != hasher.credentialHash(cardLast4: Digits("4321"), pin: Digits("1234")))
        #expect(hash == hasher.credentialHash(cardLast4: Digits("1234"), pin: Digits("4321")))
    }

    @Test func inMemoryDirectoryFindsOnlyTheRightCardAndPin() async throws {
        let directory = InMemoryAccountDirectory(hasher: hasher)
        try await directory.add(DemoAccount.account, cardLast4: Digits("1234"), pin: Digits("4321"))
        #expect(try await directory.account(cardLast4: Digits("1234"), pin: Digits("4321")) == DemoAccount.account)
        #expect(try await directory.account(cardLast4: Digits("1234"), pin: Digits("4320")) == nil)
    }

    @Test func sqliteDirectoryPersistsWithoutThePinAndOwnerOnly() async throws {
        let folder = try Fixture.temporaryDirectory()
        let path = folder.appendingPathComponent("nested/accounts.sqlite").path
        let logger = Logger(label: "test")
        let directory = try await SQLiteAccountDirectory.open(path: path, hasher: hasher, logger: logger)
        try await directory.add(Account(number: "AC99", balance: Balance(cents: 1_000_001)), cardLast4: Digits("8765"), pin: Digits("9182"))
        await directory.close()

        let reopened = try await SQLiteAccountDirectory.open(path: path, hasher: hasher, logger: logger)
        #expect(try await reopened.account(cardLast4: Digits("8765"), pin: Digits("9182")) == Account(number: "AC99", balance: Balance(cents: 1_000_001)))
        #expect(try await reopened.account(cardLast4: Digits("8765"), pin: Digits("9183")) == nil)
        await reopened.close()

        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: Data("9182".utf8)) == nil)
        #expect(bytes.range(of: Data("8765".utf8)) == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    /// Shutdown runs in cancelled tasks; sqlite-nio traps when a connection is released unclosed,
    /// so a close that gave up on cancellation would crash the server on its way out.
    @Test func closingFromACancelledTaskStillClosesTheConnection() async throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("accounts.sqlite").path
        var directory: SQLiteAccountDirectory? = try await SQLiteAccountDirectory.open(path: path, hasher: hasher, logger: Logger(label: "test"))
        let closing = Task { [directory] in
            try? await Task.sleep(for: .seconds(5))
            await directory?.close()
            await directory?.close()
        }
        closing.cancel()
        await closing.value
        directory = nil
        #expect(directory == nil)
    }

    @Test func aFileThatIsNotADatabaseIsAOneLineError() async throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("junk.sqlite").path
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 4096), attributes: [.posixPermissions: 0o600])
        do {
            _ = try await SQLiteAccountDirectory.open(path: path, hasher: hasher, logger: Logger(label: "test"))
            Issue.record("opened a junk file")
        } catch {
            #expect(error.description.contains(path))
        }
    }
}

@Suite struct VerificationServiceTests {
    let cipher = GatherCipher(secret: Fixture.secret)

    func service() async throws -> VerificationService<InMemoryAccountDirectory> {
        let directory = InMemoryAccountDirectory(hasher: CredentialHasher(derivingFrom: Fixture.secret))
        try await directory.add(DemoAccount.account, cardLast4: DemoAccount.cardLast4, pin: DemoAccount.pin)
        return VerificationService(cipher: cipher, directory: directory)
    }

    @Test func findsTheDemoCaller() async throws {
        let result = await try service().verify(encryptedCardDigits: cipher.seal(Digits("1234")), encryptedPinDigits: cipher.seal(Digits("4321")))
        #expect(result == .found(DemoAccount.account))
    }

    @Test func aWrongPinIsNotFound() async throws {
        let result = await try service().verify(encryptedCardDigits: cipher.seal(Digits("1234")), encryptedPinDigits: cipher.seal(Digits("1111")))
        #expect(result == .notFound)
    }

    @Test func aForgedCiphertextIsRefused() async throws {
        var forged = cipher.seal(Digits("4321")).combined
        forged[forged.count - 1] ^= 0x80
        await #expect(throws: VerificationError.self) {
            try await service().account(encryptedCardDigits: cipher.seal(Digits("1234")), encryptedPinDigits: Ciphertext(combined: forged))
        }
    }
}
