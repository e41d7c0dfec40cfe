import EncryptedGather
import FuzzSupport

/// Hex and `Ciphertext(hex:)` on any text: every byte string survives encode then decode, and
/// text that decodes is hex whose lowercase form is exactly what encoding gives back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCiphertext(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let text = input.text

    let encoded = Hex.encode(input.bytes)
    check(encoded.utf8.count == input.bytes.count * 2, "encode writes two characters a byte")
    check(Hex.decode(encoded) == input.bytes, "decode(encode(x)) == x")

    let decoded = Hex.decode(text)
    check(decoded == Hex.decode(text[...]), "a Substring decodes as its String does")
    if let decoded {
        check(decoded.count * 2 == text.utf8.count, "accepted hex is two characters a byte")
        check(sameBytes(Hex.encode(decoded), text.lowercased()), "encode(decode(s)) == lowercase s")
    }

    let ciphertext = Ciphertext(hex: text)
    let longEnough = (decoded?.count ?? 0) >= Ciphertext.minimumByteCount
    check((ciphertext != nil) == longEnough, "Ciphertext takes exactly the hex of at least 28 bytes")
    if let ciphertext {
        check(ciphertext.combined == decoded, "Ciphertext holds the decoded bytes")
        check(sameBytes(ciphertext.hex, text.lowercased()), "Ciphertext prints lowercase hex of its input")
        check(Ciphertext(hex: ciphertext.hex) == ciphertext, "Ciphertext round-trips through hex")
        check(sameBytes(ciphertext.description, ciphertext.hex), "Ciphertext describes itself as its hex")
    }
    return 0
}
