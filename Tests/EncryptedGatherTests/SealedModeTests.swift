import Crypto
import EncryptedGather
import Foundation
import Testing

/// Sealed mode, as the verifier sees it: a value opens only for the field, the call and the time
/// it was sealed for, and only with the key its id names.
@Suite struct SealedModeTests {
    static let call = "CA" + String(repeating: "0123456789abcdef", count: 2)
    static let sealedAt: Int64 = 1_764_662_400
    let key = SealingPrivateKey.generate()

    func sealer(_ key: SealingPrivateKey? = nil, at time: Int64 = sealedAt) -> HPKESealer {
        HPKESealer(publicKey: SealingPublicKeySource((key ?? self.key).publicKey), now: { time })
    }

    func opener(_ keys: [SealingPrivateKey]? = nil, at time: Int64 = sealedAt + 5, aes: [AESSecret] = []) -> FieldOpener {
        FieldOpener(aesSecrets: aes, keyRing: SealingKeyRing(keys: keys ?? [key]), timeToLive: 900, now: { time })
    }

    func plaintext(_ digits: Digits) -> String { digits.withPlaintext { $0 } }

    @Test func aSealedValueIsTheWireFormAndOpensForItsFieldAndCall() throws {
        let value = sealer().seal(Digits("1234"), field: "card", callSid: Self.call)
        let wire = value.wire
        #expect(wire.hasPrefix("s1.\(key.keyID).\(Self.sealedAt)."))
        let envelope = try #require(SealedEnvelope(wire: wire))
        #expect(envelope.encapsulatedKey.count == 65)
        #expect(envelope.ciphertext.count == 4 + 16)
        #expect(plaintext(try opener().open(value, field: "card", callSid: Self.call)) == "1234")
    }

    @Test func theKeyIdIsSHA256OfTheUncompressedPoint() {
        let point = key.key.publicKey.x963Representation
        #expect(point.count == 65)
        #expect(key.keyID == String(Hex.encode(SHA256.hash(data: point)).prefix(8)))
    }

    @Test func aValueReplayedInAnotherCallIsRefused() {
        let value = sealer().seal(Digits("1234"), field: "card", callSid: Self.call)
        #expect(throws: OpenFailure.notAuthentic) { try opener().open(value, field: "card", callSid: "CA" + String(repeating: "f", count: 32)) }
    }

    @Test func aCardValuePresentedAsThePinIsRefused() {
        let value = sealer().seal(Digits("1234"), field: "card", callSid: Self.call)
        #expect(throws: OpenFailure.notAuthentic) { try opener().open(value, field: "pin", callSid: Self.call) }
    }

    @Test func aValueOlderThanItsTimeToLiveIsRefused() throws {
        let value = sealer().seal(Digits("1234"), field: "card", callSid: Self.call)
        #expect(plaintext(try opener(at: Self.sealedAt + 900).open(value, field: "card", callSid: Self.call)) == "1234")
        #expect(throws: OpenFailure.expired) { try opener(at: Self.sealedAt + 901).open(value, field: "card", callSid: Self.call) }
    }

    @Test func aValueFromTheFutureIsAllowedOnlyALittleClockSkew() throws {
        let value = sealer(at: Self.sealedAt + 60).seal(Digits("1234"), field: "card", callSid: Self.call)
        #expect(plaintext(try opener(at: Self.sealedAt).open(value, field: "card", callSid: Self.call)) == "1234")
        let later = sealer(at: Self.sealedAt + 61).seal(Digits("1234"), field: "card", callSid: Self.call)
        #expect(throws: OpenFailure.notAuthentic) { try opener(at: Self.sealedAt).open(later, field: "card", callSid: Self.call) }
    }

    @Test func aChangedTimeStampBreaksTheBinding() throws {
        let value = sealer().seal(Digits("1234"), field: "card", callSid: Self.call)
        guard case .sealed(let envelope) = value else { Issue.record("not sealed"); return }
        let moved = try #require(SealedEnvelope(keyID: envelope.keyID, sealedAt: envelope.sealedAt + 1, encapsulatedKey: envelope.encapsulatedKey, ciphertext: envelope.ciphertext))
        #expect(throws: OpenFailure.notAuthentic) { try opener().open(.sealed(moved), field: "card", callSid: Self.call) }
    }

    @Test func aSealedValueWithoutACallToCheckAgainstIsRefused() {
        let value = sealer().seal(Digits("1234"), field: "card", callSid: "")
        #expect(throws: OpenFailure.notAuthentic) { try opener().open(value, field: "card", callSid: nil) }
        #expect(throws: OpenFailure.notAuthentic) { try opener().open(value, field: "card", callSid: "") }
    }

    @Test func aReloadNeverSwitchesToAPublicKeyThisProcessCannotOpen() throws {
        let folder = try Fixture.temporaryDirectory()
        let keys = folder.appendingPathComponent("keys").path
        let first = try SealingKeyFiles.write(key, to: keys)
        let publicPath = folder.appendingPathComponent("current.pub.pem").path
        try FileManager.default.copyItem(atPath: first.publicKey, toPath: publicPath)
        let loaded = try CipherKeys(
            CipherConfiguration(mode: .sealed, sealingPublicKeyPath: publicPath, sealingKeysDirectory: keys), role: .all)
        // A new public key whose private key has not reached SEALING_KEYS_DIR.
        let stranger = SealingPrivateKey.generate()
        try FileManager.default.removeItem(atPath: publicPath)
        try stranger.publicKey.pemRepresentation.write(toFile: publicPath, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try loaded.reload() }
        #expect(loaded.publicKeySource?.current.keyID == key.keyID)
        // Once it is there, the switch happens.
        _ = try SealingKeyFiles.write(stranger, to: keys)
        #expect(try loaded.reload().contains("sealing to \(stranger.keyID)"))
    }

    @Test func aProcessThatAlsoOpensRefusesToStartSealingToAKeyItDoesNotHold() throws {
        let folder = try Fixture.temporaryDirectory()
        let keys = folder.appendingPathComponent("keys").path
        _ = try SealingKeyFiles.write(key, to: keys)
        let publicPath = folder.appendingPathComponent("current.pub.pem").path
        let stranger = SealingPrivateKey.generate()
        try stranger.publicKey.pemRepresentation.write(toFile: publicPath, atomically: true, encoding: .utf8)
        let configuration = CipherConfiguration(mode: .sealed, sealingPublicKeyPath: publicPath, sealingKeysDirectory: keys)
        #expect {
            try CipherKeys(configuration, role: .all)
        } throws: { error in
            let line = "\(error)"
            return line.contains(stranger.keyID) && line.contains("SEALING_KEYS_DIR") && !line.contains("\n")
        }
        // A gather host holds no private key: its public key is not checked against one.
        #expect(try CipherKeys(configuration, role: .gather).publicKeySource?.current.keyID == stranger.keyID)
        _ = try SealingKeyFiles.write(stranger, to: keys)
        #expect(try CipherKeys(configuration, role: .all).publicKeySource?.current.keyID == stranger.keyID)
    }

    @Test func aKeyFileThatIsALinkOrOpenToOthersIsRefused() throws {
        let folder = try Fixture.temporaryDirectory()
        let keys = folder.appendingPathComponent("keys").path
        let files = try SealingKeyFiles.write(key, to: keys)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: files.privateKey)
        #expect(throws: ConfigurationError.self) { try SealingKeyRing(directory: keys) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: files.privateKey)
        let elsewhere = folder.appendingPathComponent("elsewhere.pem").path
        try FileManager.default.moveItem(atPath: files.privateKey, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: files.privateKey, withDestinationPath: elsewhere)
        #expect(throws: ConfigurationError.self) { try SealingKeyRing(directory: keys) }
    }

    @Test func aValueSealedToAKeyNotHeldHasNoKey() {
        let other = SealingPrivateKey.generate()
        let value = sealer(other).seal(Digits("1234"), field: "card", callSid: Self.call)
        #expect(throws: OpenFailure.noKey) { try opener().open(value, field: "card", callSid: Self.call) }
    }

    @Test func duringARotationBothKeysOpen() throws {
        let next = SealingPrivateKey.generate()
        let ring = opener([key, next])
        let old = sealer().seal(Digits("1234"), field: "card", callSid: Self.call)
        let new = sealer(next).seal(Digits("4321"), field: "pin", callSid: Self.call)
        #expect(plaintext(try ring.open(old, field: "card", callSid: Self.call)) == "1234")
        #expect(plaintext(try ring.open(new, field: "pin", callSid: Self.call)) == "4321")
    }

    @Test func tutorialValuesOpenWithTheCurrentOrAPreviousAESSecret() throws {
        let current = AESSecret.random()
        let previous = AESSecret.random()
        let opener = opener(aes: [current, previous])
        let old = GatherCipher(secret: previous).seal(Digits("1234"), field: "card", callSid: "")
        #expect(plaintext(try opener.open(old, field: "card", callSid: nil)) == "1234")
        let stranger = GatherCipher(secret: .random()).seal(Digits("1234"), field: "card", callSid: "")
        #expect(throws: OpenFailure.notAuthentic) { try opener.open(stranger, field: "card", callSid: nil) }
        #expect(throws: OpenFailure.noKey) { try self.opener().open(old, field: "card", callSid: nil) }
    }

    @Test func aVerifierRefusesReplayFieldSwapAndExpiryWithTheReason() async throws {
        let hasher = CredentialHasher(key: SymmetricKey(size: .bits256))
        let directory = InMemoryAccountDirectory()
        try await directory.add(DemoAccount.account, values: ["card": Digits("1234"), "pin": Digits("4321")], flow: .tutorial, hasher: hasher)
        let service = VerificationService(flow: .tutorial, opener: opener(), hasher: hasher, directory: directory)
        let card = sealer().seal(Digits("1234"), field: "card", callSid: Self.call)
        let pin = sealer().seal(Digits("4321"), field: "pin", callSid: Self.call)
        let found = try await service.account(for: VerificationRequest(flow: nil, ciphertexts: ["card": card, "pin": pin], callSid: Self.call))
        #expect(found == DemoAccount.account)
        await #expect(throws: VerificationError.self) {
            try await service.account(for: VerificationRequest(flow: nil, ciphertexts: ["card": card, "pin": pin], callSid: "CA" + String(repeating: "e", count: 32)))
        }
        await #expect(throws: VerificationError.self) {
            try await service.account(for: VerificationRequest(flow: nil, ciphertexts: ["card": pin, "pin": card], callSid: Self.call))
        }
        let late = VerificationService(flow: .tutorial, opener: opener(at: Self.sealedAt + 1000), hasher: hasher, directory: directory)
        do {
            _ = try await late.account(for: VerificationRequest(flow: nil, ciphertexts: ["card": card, "pin": pin], callSid: Self.call))
            Issue.record("an expired value was accepted")
        } catch {
            #expect(error.description == "ciphertext expired")
        }
    }
}

/// Interoperability: RFC 9180's published vectors for this suite, and pyhpke in both directions.
@Suite struct SealingInteroperabilityTests {
    struct RFCVector: Decodable {
        struct Encryption: Decodable { let aad, ct, nonce, pt: String }
        let kem_id, kdf_id, aead_id: Int
        let info, skRm, pkRm, enc: String
        let encryptions: [Encryption]
    }

    struct PythonVector: Codable {
        let field: String
        let callSid: String
        let sealedAt: Int64
        let plaintext: String
        let wire: String
    }

    static func bytes(_ hex: String) -> Data { Data(Hex.decode(hex)!) }

    /// Test vectors of RFC 9180 (the CFRG's test-vectors.json), mode 0 with KEM 0x0010, KDF 0x0001
    /// and AEAD 0x0002, copied as swift-crypto 4.5.2 ships them.
    @Test func theSuiteOpensRFC9180sVectors() throws {
        let vector = try Fixture.vectors("sealing/rfc9180-p256-sha256-aes256gcm.json", as: RFCVector.self)
        #expect((vector.kem_id, vector.kdf_id, vector.aead_id) == (0x0010, 0x0001, 0x0002))
        let privateKey = try P256.KeyAgreement.PrivateKey(rawRepresentation: Self.bytes(vector.skRm))
        #expect(privateKey.publicKey.x963Representation == Self.bytes(vector.pkRm))
        var recipient = try HPKE.Recipient(
            privateKey: privateKey, ciphersuite: SealingSuite.ciphersuite, info: Self.bytes(vector.info), encapsulatedKey: Self.bytes(vector.enc))
        for encryption in vector.encryptions {
            let opened = try recipient.open(Self.bytes(encryption.ct), authenticating: Self.bytes(encryption.aad))
            #expect(opened == Self.bytes(encryption.pt))
        }
    }

    static func testKey() throws -> SealingPrivateKey {
        try SealingPrivateKey(pem: String(contentsOfFile: Fixture.vectorPath("sealing/openssl-ecparam-key.pem"), encoding: .utf8), source: "test key")
    }

    @Test func valuesPyhpkeSealedForOurKeyOpen() throws {
        let key = try Self.testKey()
        let vectors = try Fixture.vectors("sealing/hpke-python.json", as: [PythonVector].self)
        #expect(vectors.count == 5)
        for vector in vectors {
            let opener = FieldOpener(aesSecrets: [], keyRing: SealingKeyRing(keys: [key]), now: { vector.sealedAt + 1 })
            let value = try #require(FieldCiphertext(wire: vector.wire))
            #expect(value.keyID == key.keyID)
            let digits = try opener.open(value, field: try #require(FieldName(vector.field)), callSid: vector.callSid)
            #expect(digits.withPlaintext { $0 } == vector.plaintext)
        }
    }

    @Test(.enabled(if: Fixture.hasTool("python3")))
    func valuesWeSealOpenWithPyhpke() throws {
        let key = try Self.testKey()
        let sealer = HPKESealer(publicKey: SealingPublicKeySource(key.publicKey))
        let call = "CA" + String(repeating: "ab", count: 16)
        let cases: [(FieldName, String)] = [("card", "1234"), ("pin", "4321"), ("accountNumber", "12345678"), ("securityCode", "1234")]
        var values = cases.map { field, digits in
            ["field": field.rawValue, "callSid": call, "wire": sealer.seal(Digits(digits), field: field, callSid: call).wire]
        }
        // Bound to its call: opened for another, pyhpke refuses it too.
        values.append(["field": "card", "callSid": "CA" + String(repeating: "cd", count: 16), "wire": values[0]["wire"]!])
        let input = try JSONSerialization.data(withJSONObject: values)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixture.vectorPath("sealing/open-hpke-python.py"), Fixture.vectorPath("sealing/openssl-ecparam-key.pem")]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "pyhpke is needed: pip install --no-deps pyhpke==0.6.2")
        let opened = try JSONSerialization.jsonObject(with: output) as? [Any]
        #expect(opened?.compactMap { $0 as? String } == cases.map(\.1))
        #expect(opened?.last is NSNull)
    }

    @Test func anOpenSSLECParamKeyLoadsWithItsParametersBlock() throws {
        let key = try Self.testKey()
        let publicKey = try SealingPublicKey(path: Fixture.vectorPath("sealing/openssl-ecparam-key.pub.pem"))
        #expect(key.keyID == publicKey.keyID)
    }
}
