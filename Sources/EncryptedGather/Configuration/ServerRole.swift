/// Which part of the product one `serve` process plays (`serve --role`).
public enum ServerRole: String, Sendable, CaseIterable {
    /// Webhooks and verifier in one process; the call flow asks the verification service in
    /// process unless `VERIFY_URL` names another.
    case all
    /// The webhooks only: gathers, seals and asks the verifier at `VERIFY_URL`.
    case gather
    /// `/decrypt-gather` only: the one place that opens values.
    case verifier

    /// Whether this role answers Twilio's webhooks.
    public var servesWebhooks: Bool { self != .verifier }
    /// Whether this role serves `/decrypt-gather`.
    public var servesVerifier: Bool { self != .gather }
}

/// How gathered values are encrypted (`CIPHER_MODE`).
public enum CipherMode: String, Sendable, CaseIterable {
    /// AES-256-GCM under `AES_SECRET`, byte-compatible with the tutorial; nothing expires.
    case tutorial
    /// HPKE to the verifier's public key, bound to field, call and time; the gather side cannot open.
    case sealed
}
