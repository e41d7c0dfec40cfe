/// A gathered value as it travels between steps and to the verifier: the tutorial's AES-256-GCM
/// hex, or a sealed `s1.` value. A fleet moving from one mode to the other carries both.
public enum FieldCiphertext: Sendable, Hashable, CustomStringConvertible {
    /// `hex(nonce ‖ ciphertext ‖ tag)` under `AES_SECRET`, byte-compatible with the tutorial.
    case tutorial(Ciphertext)
    /// `s1.<kid>.<t>.<hex>`, HPKE-sealed to a verifier's public key.
    case sealed(SealedEnvelope)

    /// Parses either wire form; `nil` for anything else.
    public init?(wire: some StringProtocol) {
        if wire.hasPrefix("\(SealedEnvelope.version).") {
            guard let envelope = SealedEnvelope(wire: wire) else { return nil }
            self = .sealed(envelope)
        } else {
            guard let ciphertext = Ciphertext(hex: wire) else { return nil }
            self = .tutorial(ciphertext)
        }
    }

    /// The text that travels in URLs and JSON.
    public var wire: String {
        switch self {
        case .tutorial(let ciphertext): ciphertext.hex
        case .sealed(let envelope): envelope.wire
        }
    }

    /// The key id of a sealed value; `nil` for the tutorial's form.
    public var keyID: String? {
        if case .sealed(let envelope) = self { envelope.keyID } else { nil }
    }

    /// It is ciphertext: safe to show.
    public var description: String { wire }
}
