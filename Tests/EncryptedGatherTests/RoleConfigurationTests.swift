import EncryptedGather
import Foundation
import Logging
import Testing

/// What each role and mode needs, and what a sealed gather host may not hold.
@Suite struct RoleConfigurationTests {
    static let aes = String(repeating: "ab", count: 32)
    static let base = ["TWILIO_AUTH_TOKEN": "0123456789abcdef0123456789abcdef", "VERIFY_TOKEN": "a-long-enough-verify-token"]

    func configuration(_ environment: [String: String], role: ServerRole, dev: Bool = false) throws(ConfigurationError) -> ServerConfiguration {
        try ServerConfiguration(settings: Settings(environment: environment), isDevelopment: dev, role: role)
    }

    @Test func aGatherProcessNeedsAVerifierElsewhere() {
        let error = #expect(throws: ConfigurationError.self) {
            try configuration(Self.base.merging(["AES_SECRET": Self.aes]) { $1 }, role: .gather)
        }
        #expect(error?.description.hasPrefix("VERIFY_URL is not set") == true)
    }

    @Test func aVerifierNeedsNoTwilioTokenAndAnswersNoWebhook() throws {
        let configuration = try configuration(["VERIFY_TOKEN": "a-long-enough-verify-token", "AES_SECRET": Self.aes], role: .verifier)
        #expect(configuration.twilioAuthToken == nil)
        #expect(configuration.credentialHasher != nil)
        #expect(!configuration.role.servesWebhooks)
    }

    @Test func aVerifierWithNoKeyAtAllIsOneLine() {
        let error = #expect(throws: ConfigurationError.self) {
            try configuration(["VERIFY_TOKEN": "a-long-enough-verify-token", "PIN_HASH_KEY": Self.aes], role: .verifier)
        }
        #expect(error?.description.hasPrefix("the verifier holds no key") == true)
    }

    @Test func sealedModeNeedsThePublicKeyToGatherAndTheKeysFolderAndAnExplicitPinHashKeyToVerify() {
        let sealed = Self.base.merging(["CIPHER_MODE": "sealed"]) { $1 }
        #expect(throws: ConfigurationError.missingSecret("SEALING_PUBLIC_KEY")) {
            try configuration(sealed.merging(["VERIFY_URL": "https://v.example.com/decrypt-gather"]) { $1 }, role: .gather)
        }
        #expect(throws: ConfigurationError.missingSecret("SEALING_KEYS_DIR")) {
            try configuration(sealed.merging(["PIN_HASH_KEY": Self.aes]) { $1 }, role: .verifier)
        }
        // Independent of AES_SECRET: sealed mode never derives the PIN hash key from it.
        #expect(throws: ConfigurationError.missingSecret("PIN_HASH_KEY")) {
            try configuration(sealed.merging(["SEALING_KEYS_DIR": "/keys", "AES_SECRET": Self.aes]) { $1 }, role: .verifier)
        }
    }

    @Test(arguments: ["nope", "Sealed"])
    func anUnknownCipherModeIsOneLine(mode: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try configuration(Self.base.merging(["AES_SECRET": Self.aes, "CIPHER_MODE": mode]) { $1 }, role: .all)
        }
        #expect(error?.description == "CIPHER_MODE is invalid (\(mode)): expected tutorial or sealed")
    }

    @Test func previousAESSecretsAreUpToThreeKeysForOpeningOnly() throws {
        let three = [String(repeating: "01", count: 32), String(repeating: "02", count: 32), String(repeating: "03", count: 32)]
        let configuration = try configuration(
            Self.base.merging(["AES_SECRET": Self.aes, "AES_SECRET_PREVIOUS": three.joined(separator: ",")]) { $1 }, role: .all)
        #expect(configuration.ciphers.previousAESSecrets.count == 3)
        let four = (three + [String(repeating: "04", count: 32)]).joined(separator: ",")
        #expect(throws: ConfigurationError.self) {
            try self.configuration(Self.base.merging(["AES_SECRET": Self.aes, "AES_SECRET_PREVIOUS": four]) { $1 }, role: .all)
        }
        #expect(throws: ConfigurationError.self) {
            try self.configuration(Self.base.merging(["AES_SECRET": Self.aes, "AES_SECRET_PREVIOUS": "abcd"]) { $1 }, role: .all)
        }
    }

    @Test func theTutorialsDefaultsAreUnchanged() throws {
        let configuration = try configuration(Self.base.merging(["AES_SECRET": Self.aes]) { $1 }, role: .all)
        #expect(configuration.ciphers.mode == .tutorial)
        #expect(configuration.ciphers.timeToLiveSeconds == 900)
        #expect(configuration.credentialHasher?.isDerivedFromAESSecret == true)
    }

    /// Rotating `AES_SECRET` used to orphan every account in silence: the directory now knows the
    /// key its hashes use and refuses another.
    @Test func aDirectoryOpenedWithAnotherPinHashKeyStopsStartUp() async throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("accounts.sqlite").path
        let first = CredentialHasher(derivingFrom: .random())
        let directory = try await SQLiteStore.open(path: path, hashKeyID: first.keyID, logger: Logger(label: "test"))
        await directory.close()
        let again = try await SQLiteStore.open(path: path, hashKeyID: first.keyID, logger: Logger(label: "test"))
        await again.close()
        let rotated = CredentialHasher(derivingFrom: .random())
        do {
            let wrong = try await SQLiteStore.open(path: path, hashKeyID: rotated.keyID, logger: Logger(label: "test"))
            await wrong.close()
            Issue.record("opened with another key")
        } catch {
            #expect(error.description.contains("its credential hashes use PIN hash key \(first.keyID), but the key given has id \(rotated.keyID)"))
            #expect(!error.description.contains("\n"))
        }
        // The derived key, made explicit, is the same key.
        let explicit = try CredentialHasher(settings: Settings(environment: ["PIN_HASH_KEY": first.hexRepresentation]), aesSecret: nil, mode: .sealed)
        #expect(explicit.keyID == first.keyID)
    }
}
