import EncryptedGather
import Foundation
import Testing

@Suite struct SecretsTests {
    @Test func digitsNeverPrint() {
        let digits = Digits("1234")
        #expect("\(digits)" == "*REDACTED*")
        #expect(String(describing: digits) == "*REDACTED*")
        #expect(String(reflecting: digits) == "*REDACTED*")
        var dumped = ""
        dump(digits, to: &dumped)
        #expect(!dumped.contains("1234"))
        #expect("\([digits])".contains("1234") == false)
    }

    @Test func digitsKnowWhetherTheyAreExactlyFourDecimals() {
        #expect(Digits("1234").isDecimal(count: 4))
        #expect(!Digits("123").isDecimal(count: 4))
        #expect(!Digits("12345").isDecimal(count: 4))
        #expect(!Digits("12a4").isDecimal(count: 4))
        #expect(!Digits("12*4").isDecimal(count: 4))
        #expect(!Digits("١٢٣٤").isDecimal(count: 4))
        #expect(Digits("").isEmpty)
    }

    @Test(arguments: [
        ("", "AES_SECRET is not set"),
        ("abcd", "AES_SECRET is malformed"),
        (String(repeating: "ab", count: 33), "AES_SECRET is malformed"),
        (String(repeating: "zz", count: 32), "AES_SECRET is malformed"),
        (String(repeating: "a", count: 63), "AES_SECRET is malformed"),
    ])
    func aesSecretRefusesMissingShortLongAndNonHexWithOneLine(value: String, message: String) {
        do {
            _ = try AESSecret(hex: value)
            Issue.record("accepted \(value)")
        } catch {
            #expect(error.description.hasPrefix(message))
            #expect(!error.description.contains("\n"))
            if !value.isEmpty { #expect(!error.description.contains(value)) }
        }
    }

    @Test func aesSecretAcceptsEitherCaseAndNeverPrintsTheKey() throws {
        let hex = String(repeating: "Ab", count: 32)
        let secret = try AESSecret(hex: hex)
        #expect(secret.hexRepresentation == hex.lowercased())
        #expect(!"\(secret)".lowercased().contains("abab"))
    }

    @Test func sharedTokensRefuseShortOrSpacedValuesAndCompareExactly() throws {
        #expect(throws: ConfigurationError.self) { try SharedToken("short", name: "VERIFY_TOKEN") }
        #expect(throws: ConfigurationError.self) { try SharedToken("has a space in the middle", name: "VERIFY_TOKEN") }
        let token = try SharedToken("0123456789abcdef0123", name: "VERIFY_TOKEN")
        #expect(token.matches("0123456789abcdef0123"))
        #expect(!token.matches("0123456789abcdef012"))
        #expect(!token.matches("0123456789abcdef01234"))
        #expect(!token.matches(""))
        #expect("\(token)" == "*REDACTED*")
    }
}
