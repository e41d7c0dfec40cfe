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

    func hash(_ values: String...) -> CredentialHash {
        hasher.credentialHash(of: values.map(Digits.init))
    }

    @Test func theCredentialHashIsKeyedAndCoversEveryIdentityFieldInOrder() {
        let other = CredentialHasher(derivingFrom: try! AESSecret(hex: String(repeating: "11", count: 32)))
        #expect(hash("1234", "4321") != other.credentialHash(of: [Digits("1234"), Digits("4321")]))
        #expect(hash("1234", "4321") != hash("1234", "4322"))
        #expect(hash("1234", "4321") != hash("4321", "1234"))
        #expect(hash("12", "34") != hash("1", "234"))
        #expect(hash("1234", "4321") == hash("1234", "4321"))
    }

    /// Made by Python `cryptography` (HKDF-SHA256 of the fixture secret with info
    /// `encrypted-gather/pin-hash/v1`, then HMAC-SHA256 of `v1` and each value prefixed by its
    /// 4-byte big-endian length): the first release's format, so its directories still match.
    @Test(arguments: [
        (["1234", "4321"], "e3800665ba5c8d2285aa057813510a7e0a5e999b279bdf4e5ad3bf0c544b388e"),
        (["12345678", "01021990"], "493840f73752758542387ae19cbce4bf0b40ba5f299d1246416bcfa8aa00907a"),
        (["4242424242424242", "1299"], "539602273bd3769f14187365b3a7cd624da31a5a023ea901efe3b61069fac8b9"),
    ])
    func theCredentialHashMatchesAnIndependentImplementation(values: [String], expected: String) {
        #expect(hasher.credentialHash(of: values.map(Digits.init)).hex == expected)
    }

    @Test func aDirectoryIsGivenOnlyTheOpaqueHash() async throws {
        let directory = InMemoryAccountDirectory()
        try await directory.add(DemoAccount.account, values: ["card": Digits("1234"), "pin": Digits("4321")], flow: .tutorial, hasher: hasher)
        #expect(try await directory.account(credentialHash: hash("1234", "4321")) == DemoAccount.account)
        #expect(try await directory.account(credentialHash: hash("1234", "4320")) == nil)
    }

    @Test func sqliteDirectoryPersistsWithoutThePinAndOwnerOnly() async throws {
        let folder = try Fixture.temporaryDirectory()
        let path = folder.appendingPathComponent("nested/accounts.sqlite").path
        let logger = Logger(label: "test")
        let directory = try await SQLiteStore.open(path: path, logger: logger)
        try await directory.add(Account(number: "AC99", balance: Balance(cents: 1_000_001)), credentialHash: hash("8765", "9182"))
        await directory.close()

        let reopened = try await SQLiteStore.open(path: path, logger: logger)
        #expect(try await reopened.account(credentialHash: hash("8765", "9182")) == Account(number: "AC99", balance: Balance(cents: 1_000_001)))
        #expect(try await reopened.account(credentialHash: hash("8765", "9183")) == nil)
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
        var directory: SQLiteStore? = try await SQLiteStore.open(path: path, logger: Logger(label: "test"))
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
            _ = try await SQLiteStore.open(path: path, logger: Logger(label: "test"))
            Issue.record("opened a junk file")
        } catch {
            #expect(error.description.contains(path))
        }
    }
}

@Suite struct VerificationServiceTests {
    let cipher = GatherCipher(secret: Fixture.secret)
    let hasher = CredentialHasher(derivingFrom: Fixture.secret)

    func service(_ flow: Flow = .tutorial, demo: DemoCaller? = Flow.tutorial.demo) async throws -> VerificationService<InMemoryAccountDirectory> {
        let directory = InMemoryAccountDirectory()
        if let demo { try await directory.add(demo.account, values: demo.values, flow: flow, hasher: hasher, today: Fixture.today) }
        return VerificationService(flow: flow, cipher: cipher, hasher: hasher, directory: directory, today: { Fixture.today })
    }

    func request(_ values: [FieldName: String], flow: String? = nil) -> VerificationRequest {
        VerificationRequest(flow: flow, ciphertexts: values.mapValues { .tutorial(cipher.seal(Digits($0))) })
    }

    @Test func findsTheDemoCaller() async throws {
        #expect(try await service().verify(request(["card": "1234", "pin": "4321"])) == .found(DemoAccount.account))
    }

    @Test func aWrongPinIsNotFound() async throws {
        #expect(try await service().verify(request(["card": "1234", "pin": "1111"])) == .notFound)
    }

    @Test func anAuthenticValueThatBreaksItsRuleIsNotFound() async throws {
        #expect(try await service().verify(request(["card": "1234", "pin": "43210"])) == .notFound)
    }

    @Test func aForgedCiphertextIsRefused() async throws {
        var forged = cipher.seal(Digits("4321")).combined
        forged[forged.count - 1] ^= 0x80
        let request = VerificationRequest(flow: nil, ciphertexts: ["card": .tutorial(cipher.seal(Digits("1234"))), "pin": .tutorial(Ciphertext(combined: forged))])
        await #expect(throws: VerificationError.self) { try await service().account(for: request) }
    }

    @Test func aRequestForAnotherFlowIsRefusedNotLookedUp() async throws {
        await #expect(throws: VerificationError.self) {
            try await service().account(for: request(["card": "1234", "pin": "4321"], flow: "card-payment"))
        }
    }

    @Test func theSecurityCodeIsCheckedButNotPartOfTheCredential() async throws {
        let flow = try Fixture.shippedFlow("card-payment")
        let service = try await service(flow, demo: flow.demo)
        #expect(await service.verify(request(["card": "4242424242424242", "expiry": "1299", "securityCode": "123"])) == .found(flow.demo!.account))
        #expect(await service.verify(request(["card": "4242424242424242", "expiry": "1299", "securityCode": "999"])) == .found(flow.demo!.account))
        // A Visa's code has 3 digits: 4 is refused before any look-up.
        #expect(await service.verify(request(["card": "4242424242424242", "expiry": "1299", "securityCode": "1234"])) == .notFound)
    }
}
