import EncryptedGather
import Testing

@Suite struct SealedEnvelopeTests {
    /// A well-formed point: the parser checks its shape, not that it is on the curve.
    static let enc: [UInt8] = [0x04] + Array(repeating: 0x11, count: 64)
    /// Three bytes of ciphertext and a 16-byte tag.
    static let box: [UInt8] = [0xaa, 0xbb, 0xcc] + Array(repeating: 0x22, count: 16)
    static let hex = Hex.encode(enc + box)
    static let wire = "s1.0a1b2c3d.1767225600.\(hex)"

    @Test func aWellFormedValueParsesIntoItsPartsAndPrintsBackExactly() throws {
        let envelope = try #require(SealedEnvelope(wire: Self.wire))
        #expect(envelope.keyID == "0a1b2c3d")
        #expect(envelope.sealedAt == 1_767_225_600)
        #expect(envelope.encapsulatedKey == Self.enc)
        #expect(envelope.ciphertext == Self.box)
        #expect(envelope.wire == Self.wire)
        #expect("\(envelope)" == Self.wire)
    }

    @Test func aSubstringParsesToo() throws {
        let padded = "[\(Self.wire)]"
        let envelope = try #require(SealedEnvelope(wire: padded.dropFirst().dropLast()))
        #expect(envelope.wire == Self.wire)
    }

    @Test func theShortestBoxIsAPointAndATag() throws {
        let shortest = Hex.encode(Self.enc + Array(repeating: 0x22, count: 16))
        let envelope = try #require(SealedEnvelope(wire: "s1.0a1b2c3d.0.\(shortest)"))
        #expect(envelope.sealedAt == 0)
        #expect(envelope.ciphertext.count == 16)
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.0.\(shortest.dropLast(2))") == nil)
    }

    @Test func theLargestTimeIsInt64Max() throws {
        let envelope = try #require(SealedEnvelope(wire: "s1.0a1b2c3d.9223372036854775807.\(Self.hex)"))
        #expect(envelope.sealedAt == Int64.max)
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.9223372036854775808.\(Self.hex)") == nil)
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.99999999999999999999.\(Self.hex)") == nil)
    }

    @Test(arguments: ["s2", "S1", "s", "", "s1 ", "1s"])
    func anotherVersionTagIsRefused(prefix: String) {
        #expect(SealedEnvelope(wire: "\(prefix).0a1b2c3d.1767225600.\(Self.hex)") == nil)
    }

    @Test(arguments: [
        "s1.0a1b2c3d.1767225600",
        "s1.0a1b2c3d.1767225600.\(hex).",
        "s1.0a1b2c3d.1767225600.\(hex).00",
        "s1..0a1b2c3d.1767225600.\(hex)",
        "s1.0a1b2c3d1767225600.\(hex)",
        "",
        "...",
    ])
    func anythingButFourPartsIsRefused(wire: String) {
        #expect(SealedEnvelope(wire: wire) == nil)
    }

    @Test(arguments: ["0A1B2C3D", "0a1b2c3", "0a1b2c3d0", "0a1b2c3g", "", " a1b2c3d"])
    func aKeyIDThatIsNotEightLowercaseHexIsRefused(kid: String) {
        #expect(SealedEnvelope(wire: "s1.\(kid).1767225600.\(Self.hex)") == nil)
    }

    @Test(arguments: ["", "01767225600", "00", "+1767225600", "-1", "1767225600 ", "1_767", "1e9", "١٧٦٧"])
    func aTimeThatIsNotPlainUnsignedDecimalIsRefused(time: String) {
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.\(time).\(Self.hex)") == nil)
    }

    @Test func uppercaseHexIsRefusedThoughHexDecodeWouldTakeIt() {
        #expect(Hex.decode(Self.hex.uppercased()) != nil)
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.1767225600.\(Self.hex.uppercased())") == nil)
        // One uppercase character is enough.
        let oneUpper = Hex.encode(Self.enc) + "aabBcc" + Hex.encode(Self.box.dropFirst(3))
        #expect(Hex.decode(oneUpper) == Self.enc + Self.box)
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.1767225600.\(oneUpper)") == nil)
    }

    @Test func oddLengthOrNonHexIsRefused() {
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.1767225600.\(Self.hex)0") == nil)
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.1767225600.\(Self.hex.dropLast(2))zz") == nil)
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.1767225600.") == nil)
    }

    @Test func aBoxShorterThanAPointAndATagIsRefused() {
        let tooShort = Hex.encode(Self.enc + Array(repeating: 0x22, count: 15))
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.1767225600.\(tooShort)") == nil)
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.1767225600.04") == nil)
    }

    @Test(arguments: [0x00, 0x02, 0x03, 0x05, 0xff] as [UInt8])
    func anEncThatIsNotAnUncompressedPointIsRefused(firstByte: UInt8) {
        let hex = Hex.encode([firstByte] + Self.enc.dropFirst() + Self.box)
        #expect(SealedEnvelope(wire: "s1.0a1b2c3d.1767225600.\(hex)") == nil)
    }

    @Test func aValueLongerThanTheCapIsRefusedAndOneAtTheCapIsNot() throws {
        let head = "s1.0a1b2c3d.1767225600."
        let room = SealedEnvelope.maximumWireLength - head.utf8.count - Self.hex.utf8.count
        let atCap = head + Self.hex + String(repeating: "ab", count: room / 2)
        #expect(atCap.utf8.count == SealedEnvelope.maximumWireLength - room % 2)
        #expect(SealedEnvelope(wire: atCap)?.wire == atCap)
        #expect(SealedEnvelope(wire: atCap + "abab") == nil)
        #expect(SealedEnvelope(wire: head + String(repeating: "a", count: 1_000_000)) == nil)
    }

    @Test func buildingFromPartsChecksTheSameRules() throws {
        let built = try #require(
            SealedEnvelope(keyID: "0a1b2c3d", sealedAt: 1_767_225_600, encapsulatedKey: Self.enc, ciphertext: Self.box))
        #expect(built == SealedEnvelope(wire: Self.wire))
        #expect(SealedEnvelope(keyID: "0A1B2C3D", sealedAt: 0, encapsulatedKey: Self.enc, ciphertext: Self.box) == nil)
        #expect(SealedEnvelope(keyID: "0a1b2c3d", sealedAt: -1, encapsulatedKey: Self.enc, ciphertext: Self.box) == nil)
        #expect(SealedEnvelope(keyID: "0a1b2c3d", sealedAt: 0, encapsulatedKey: [0x04], ciphertext: Self.box) == nil)
        #expect(SealedEnvelope(keyID: "0a1b2c3d", sealedAt: 0, encapsulatedKey: Self.enc, ciphertext: [1, 2]) == nil)
    }
}
