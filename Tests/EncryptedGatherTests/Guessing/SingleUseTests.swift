import EncryptedGather
import Testing

/// Each PIN ciphertext verifies once: a captured request is no standing credential. Used values
/// are remembered a day in tutorial mode (they carry no time) and for their lifetime when sealed.
@Suite struct SingleUseTests {
    let cipher = GatherCipher(secret: Fixture.secret)
    let hasher = CredentialHasher(derivingFrom: Fixture.secret)
    let clock = TestClock()

    func service(retention: Int64 = 86_400) async throws -> VerificationService<InMemoryAccountDirectory> {
        let directory = InMemoryAccountDirectory()
        try await directory.add(DemoAccount.account, values: ["card": Digits("1234"), "pin": Digits("4321")], flow: .tutorial, hasher: hasher)
        let guards = VerificationGuards(
            lockouts: InMemoryLockoutStore(), usedCiphertexts: InMemoryUsedCiphertextStore(), tutorialRetentionSeconds: retention,
            now: { [clock] in clock.now })
        return VerificationService(cipher: cipher, hasher: hasher, directory: directory, guards: guards)
    }

    func demoRequest() -> VerificationRequest {
        VerificationRequest(flow: nil, ciphertexts: ["card": .tutorial(cipher.seal(Digits("1234"))), "pin": .tutorial(cipher.seal(Digits("4321")))])
    }

    @Test func aReplayedRequestIsRefusedAsAlreadyUsed() async throws {
        let service = try await service()
        let request = demoRequest()
        #expect(try await service.account(for: request) == DemoAccount.account)
        await #expect(throws: VerificationError.self) { try await service.account(for: request) }
        do {
            _ = try await service.account(for: request)
        } catch {
            #expect(error.description == "ciphertext already used")
        }
    }

    @Test func aFreshSealOfTheSameDigitsIsAnotherValue() async throws {
        let service = try await service()
        #expect(try await service.account(for: demoRequest()) == DemoAccount.account)
        #expect(try await service.account(for: demoRequest()) == DemoAccount.account)
    }

    @Test func theCardCiphertextMayComeAgainWithANewPin() async throws {
        // The gather side carries the card's ciphertext through every PIN retry of one call.
        let service = try await service()
        let card = FieldCiphertext.tutorial(cipher.seal(Digits("1234")))
        var answers: [Account?] = []
        for pin in ["0000", "4321"] {
            answers.append(try await service.account(for: VerificationRequest(flow: nil, ciphertexts: ["card": card, "pin": .tutorial(cipher.seal(Digits(pin)))])))
        }
        #expect(answers == [nil, DemoAccount.account])
    }

    @Test func aFailedGuessUsesItsCiphertextToo() async throws {
        let service = try await service()
        let wrong = VerificationRequest(flow: nil, ciphertexts: ["card": .tutorial(cipher.seal(Digits("1234"))), "pin": .tutorial(cipher.seal(Digits("0000")))])
        #expect(try await service.account(for: wrong) == nil)
        await #expect(throws: VerificationError.self) { try await service.account(for: wrong) }
    }

    @Test func aTutorialValueIsRememberedForTheRetentionThenForgotten() async throws {
        let service = try await service(retention: 3600)
        let request = demoRequest()
        #expect(try await service.account(for: request) == DemoAccount.account)
        clock.advance(by: 3599)
        await #expect(throws: VerificationError.self) { try await service.account(for: request) }
        clock.advance(by: 1)
        #expect(try await service.account(for: request) == DemoAccount.account)
    }

    @Test func theRetentionSettingIsReadAndCheckedAsOneLine() throws {
        #expect(try GuardSettings(settings: Settings(environment: ["USED_CIPHERTEXT_RETENTION": "3600"]), timeToLiveSeconds: 900).tutorialRetentionSeconds == 3600)
        #expect(try GuardSettings(settings: Settings(environment: [:]), timeToLiveSeconds: 300).sealedRetentionSeconds == 361)
        for value in ["0", "1d", "99999999"] {
            #expect(throws: ConfigurationError.self) { try GuardSettings(settings: Settings(environment: ["USED_CIPHERTEXT_RETENTION": value]), timeToLiveSeconds: 900) }
        }
    }
}
