import EncryptedGather
import Foundation
import Testing

@Suite struct GatherCipherTests {
    struct VectorFile: Decodable {
        struct Vector: Decodable { let plaintext: String; let ciphertext: String }
        let key: String
        let vectors: [Vector]
    }

    struct NegativeFile: Decodable {
        struct Vector: Decodable { let key: String; let ciphertext: String; let expect: String; let plaintext: String?; let why: String }
        let vectors: [Vector]
    }

    let cipher = GatherCipher(secret: Fixture.secret)

    @Test func sealedDigitsAreLowercaseHexOfNonceCiphertextAndTag() throws {
        let sealed = cipher.seal(Digits("1234"))
        #expect(sealed.hex.count == (12 + 4 + 16) * 2)
        #expect(sealed.hex == sealed.hex.lowercased())
        #expect(Hex.decode(sealed.hex) == sealed.combined)
    }

    @Test func everySealUsesAFreshNonce() {
        let first = cipher.seal(Digits("1234"))
        let second = cipher.seal(Digits("1234"))
        #expect(first != second)
        #expect(first.combined.prefix(12) != second.combined.prefix(12))
    }

    @Test func openingReturnsWhatWasSealed() throws {
        let opened = try cipher.openDigits(cipher.seal(Digits("4321")))
        #expect(opened.withPlaintext { $0 } == "4321")
    }

    @Test func aFlippedBitAnywhereIsRefused() throws {
        let sealed = cipher.seal(Digits("1234"))
        for index in sealed.combined.indices {
            var tampered = sealed.combined
            tampered[index] ^= 0x01
            #expect(throws: CipherError.self) { try cipher.open(Ciphertext(combined: tampered)) }
        }
    }

    @Test func anotherKeyCannotOpen() throws {
        let other = GatherCipher(secret: try AESSecret(hex: String(repeating: "a1", count: 32)))
        #expect(throws: CipherError.notAuthentic) { try other.open(cipher.seal(Digits("1234"))) }
    }

    @Test func ciphertextParsingRejectsOddShortAndNonHex() {
        #expect(Ciphertext(hex: String(repeating: "ab", count: 27)) == nil)
        #expect(Ciphertext(hex: String(repeating: "ab", count: 28) + "a") == nil)
        #expect(Ciphertext(hex: String(repeating: "zz", count: 28)) == nil)
        #expect(Ciphertext(hex: String(repeating: "AB", count: 28)) != nil)
    }

    @Test(arguments: ["aes-gcm-node.json", "aes-gcm-python.json"])
    func opensVectorsMadeByIndependentImplementations(file: String) throws {
        let vectors: VectorFile = try Fixture.vectors(file)
        let cipher = GatherCipher(secret: try AESSecret(hex: vectors.key))
        #expect(!vectors.vectors.isEmpty)
        for vector in vectors.vectors {
            let ciphertext = try #require(Ciphertext(hex: vector.ciphertext))
            #expect(String(decoding: try cipher.open(ciphertext), as: UTF8.self) == vector.plaintext)
        }
    }

    @Test func acceptsAndRefusesTheNegativeVectorsAsLabelled() throws {
        let file: NegativeFile = try Fixture.vectors("aes-gcm-negative.json")
        #expect(file.vectors.contains { $0.expect == "error" })
        for vector in file.vectors {
            let cipher = GatherCipher(secret: try AESSecret(hex: vector.key))
            let opened = Ciphertext(hex: vector.ciphertext).flatMap { try? cipher.open($0) }
            if vector.expect == "ok" {
                #expect(opened.map { String(decoding: $0, as: UTF8.self) } == vector.plaintext, "\(vector.why)")
            } else {
                #expect(opened == nil, "\(vector.why)")
            }
        }
    }

    @Test(.enabled(if: Fixture.hasTool("node"), "needs node"))
    func theTutorialsNodeCodeOpensOurCiphertext() throws {
        let sealed = cipher.seal(Digits("1234"))
        let result = try Fixture.run(["node", Fixture.vectorPath("make-aes-node.js"), "decrypt", Fixture.secret.hexRepresentation, sealed.hex])
        #expect(result.status == 0)
        #expect(result.output == "1234")
    }

    @Test(.enabled(if: Fixture.hasTool("python3"), "needs python3 with cryptography"))
    func pythonCryptographyOpensOurCiphertext() throws {
        let sealed = cipher.seal(utf8: Array("a longer plaintext é✓".utf8))
        let result = try Fixture.run(["python3", Fixture.vectorPath("make-aes-python.py"), "decrypt", Fixture.secret.hexRepresentation, sealed.hex])
        #expect(result.status == 0)
        #expect(result.output == "a longer plaintext é✓")
    }
}
