@testable import EncryptedGather
import Crypto
import Foundation
import Testing

/// A prepared key gives exactly swift-crypto's HMAC, message after message: no state carries over
/// from one code to the next.
@Suite struct PreparedHMACTests {
    static let messages = ["", "a", "v1\u{0}\u{0}\u{0}\u{4}1234", String(repeating: "x", count: 1000)].map { Data($0.utf8) }

    @Test(arguments: [8, 32, 64, 65, 200])
    func everyMessageGetsHMACsOwnCode(keyBytes: Int) {
        let key = SymmetricKey(data: (0..<keyBytes).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) })
        let sha256 = PreparedHMAC<SHA256>(key: key)
        let sha1 = PreparedHMAC<Insecure.SHA1>(key: key)
        for message in Self.messages + Self.messages.reversed() {
            #expect(Data(sha256.authenticationCode(for: message)) == Data(HMAC<SHA256>.authenticationCode(for: message, using: key)))
            #expect(Data(sha1.authenticationCode(for: message)) == Data(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key)))
        }
    }

    /// Its hash states stand in for the key, so it prints as redacted, inside other values too.
    @Test func printsNothingOfItsKey() {
        let key = SymmetricKey(data: Array("12345".utf8))
        #expect(String(describing: PreparedHMAC<SHA256>(key: key)) == "PreparedHMAC(redacted)")
        #expect(String(reflecting: PreparedHMAC<Insecure.SHA1>(key: key)) == "PreparedHMAC(redacted)")
        #expect(!String(describing: RequestValidator(authToken: SharedToken(unchecked: "12345"))).contains("Digest"))
    }
}
