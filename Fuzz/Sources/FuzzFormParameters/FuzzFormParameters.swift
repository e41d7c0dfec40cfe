import EncryptedGather
import FuzzSupport

/// `FormParameters(urlEncoded:)` on any body: its encoding reads back to the same pairs byte for
/// byte, and its redacted form carries no `Digits` value, however the body spells things.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormParameters(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parameters = FormParameters(urlEncoded: FuzzInput(data, size).text)

    let reread = FormParameters(urlEncoded: parameters.urlEncoded)
    check(samePairs(reread, parameters), "urlEncoded reads back to the same pairs")

    let redacted = parameters.redactingDigits
    check(redacted.pairs.count == parameters.pairs.count, "redaction keeps every pair")
    for (original, shown) in zip(parameters.pairs, redacted.pairs) {
        check(sameBytes(shown.name, original.name), "redaction keeps names")
        // The server reads `Digits` with `==` (FormParameters' subscript), so whatever it would
        // read as the digits is what must be hidden.
        let expected = original.name == "Digits" ? Digits.redacted : original.value
        check(sameBytes(shown.value, expected), "redaction hides Digits and only Digits")
    }
    for form in [redacted, FormParameters(urlEncoded: redacted.urlEncoded)] {
        check(form.values(for: "Digits").allSatisfy { $0 == Digits.redacted }, "no Digits value survives redaction")
        check(form["Digits"].map { $0 == Digits.redacted } ?? true, "the subscript reads no Digits value")
    }
    check(samePairs(redacted.redactingDigits, redacted), "redacting twice changes nothing")
    return 0
}

private func samePairs(_ lhs: FormParameters, _ rhs: FormParameters) -> Bool {
    lhs.pairs.elementsEqual(rhs.pairs) { sameBytes($0.name, $1.name) && sameBytes($0.value, $1.value) }
}
