import EncryptedGather
import FuzzSupport

/// `SealedEnvelope(wire:)` on any text: what it accepts has the documented shape and prints back
/// as exactly the text it was read from.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSealedEnvelope(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput(data, size).text
    guard let envelope = SealedEnvelope(wire: text) else { return 0 }
    check(sameBytes(envelope.wire, text), "wire round-trips exactly")
    check(SealedEnvelope(wire: envelope.wire) == envelope, "the wire form reads back to the same envelope")
    check(text.utf8.count <= SealedEnvelope.maximumWireLength, "nothing past the cap is accepted")
    check(envelope.keyID.utf8.count == SealedEnvelope.keyIDLength, "a key id is 8 characters")
    check(envelope.sealedAt >= 0, "a sealing time is not negative")
    check(envelope.encapsulatedKey.count == 65 && envelope.encapsulatedKey.first == 0x04, "enc is an uncompressed point")
    check(envelope.ciphertext.count >= SealedEnvelope.tagByteCount, "the ciphertext holds at least a tag")
    return 0
}
