/// A value sealed to one of our P-256 keys, in the wire form of sealed mode:
/// `s1.<kid>.<t>.<hex>`.
///
/// - `kid`: the key id, exactly 8 lowercase hex characters.
/// - `t`: when it was sealed, in unix seconds: ASCII decimal, no sign, no leading zero.
/// - `hex`: lowercase hex of `enc(65) ‖ ciphertext ‖ tag(16)`, where `enc` is the sender's
///   uncompressed ephemeral P-256 point.
///
/// Parsing checks the shape only. Whether `enc` is on the curve, and whether the box is genuine,
/// is known only to whoever holds the key and opens it. The form is strict (lowercase only, one
/// spelling per value) so that `wire` gives back exactly the text that was parsed.
public struct SealedEnvelope: Sendable, Hashable, CustomStringConvertible {
    /// The version tag every wire form starts with.
    public static let version = "s1"
    /// The length of a key id, in hex characters.
    public static let keyIDLength = 8
    /// An uncompressed P-256 point: `0x04 ‖ x(32) ‖ y(32)`.
    public static let encapsulatedKeyByteCount = 65
    /// The AEAD tag that ends the ciphertext.
    public static let tagByteCount = 16
    /// The longest wire form accepted. Sealed values are keypad digits, so anything near this
    /// is not ours, and refusing it before decoding keeps a hostile value cheap.
    public static let maximumWireLength = 4096

    /// Which of our keys it was sealed to: 8 lowercase hex characters.
    public let keyID: String
    /// When it was sealed, in unix seconds.
    public let sealedAt: Int64
    /// The sender's ephemeral public key, uncompressed (65 bytes, starting 0x04).
    public let encapsulatedKey: [UInt8]
    /// The sealed bytes: ciphertext ‖ tag (at least 16 bytes).
    public let ciphertext: [UInt8]

    /// An envelope from its parts; `nil` unless each is one the wire form can carry.
    public init?(keyID: String, sealedAt: Int64, encapsulatedKey: [UInt8], ciphertext: [UInt8]) {
        guard keyID.utf8.count == Self.keyIDLength, Self.isLowercaseHex(keyID.utf8),
              sealedAt >= 0,
              encapsulatedKey.count == Self.encapsulatedKeyByteCount, encapsulatedKey.first == 0x04,
              ciphertext.count >= Self.tagByteCount
        else { return nil }
        self.keyID = keyID
        self.sealedAt = sealedAt
        self.encapsulatedKey = encapsulatedKey
        self.ciphertext = ciphertext
        guard wire.utf8.count <= Self.maximumWireLength else { return nil }
    }

    /// Parses the wire form; `nil` for anything that is not exactly `s1.<kid>.<t>.<hex>`.
    public init?(wire: some StringProtocol) {
        // Copied with a cap, so a huge value costs at most the cap before it is refused.
        var bytes: [UInt8] = []
        for byte in wire.utf8 {
            guard bytes.count < Self.maximumWireLength else { return nil }
            bytes.append(byte)
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].elementsEqual(Self.version.utf8) else { return nil }
        let kid = parts[1], time = parts[2], hex = parts[3]
        guard kid.count == Self.keyIDLength, Self.isLowercaseHex(kid),
              let sealedAt = Self.unixSeconds(time),
              Self.isLowercaseHex(hex),
              let box = Hex.decode(String(decoding: hex, as: UTF8.self))
        else { return nil }
        let encapsulatedKey = Array(box.prefix(Self.encapsulatedKeyByteCount))
        self.init(
            keyID: String(decoding: kid, as: UTF8.self), sealedAt: sealedAt,
            encapsulatedKey: encapsulatedKey, ciphertext: Array(box.dropFirst(Self.encapsulatedKeyByteCount)))
    }

    /// The wire form, `s1.<kid>.<t>.<hex>`: exactly the text this was parsed from.
    public var wire: String {
        "\(Self.version).\(keyID).\(sealedAt).\(Hex.encode(encapsulatedKey + ciphertext))"
    }

    /// The wire form: it is ciphertext, so it may be logged.
    public var description: String { wire }

    // `Hex.decode` also takes uppercase; a second spelling of the same value would break the
    // round trip and let one value pass as two.
    private static func isLowercaseHex(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }

    // Digits only, so no sign or space reaches `Int64.init`, which would take a "+"; and no
    // leading zero, so each time has one spelling.
    private static func unixSeconds(_ bytes: some Collection<UInt8>) -> Int64? {
        guard let first = bytes.first,
              bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              first != UInt8(ascii: "0") || bytes.count == 1
        else { return nil }
        return Int64(String(decoding: bytes, as: UTF8.self))
    }
}
