/// Builds the URLs Twilio is told to request next. They carry ciphertext only.
public struct GatherURLs: Sendable {
    /// The route of the call flow.
    public static let path = "/encrypted-gather"

    /// The base URL Twilio sees, without a trailing slash.
    public let publicBaseURL: String

    /// URLs under `publicBaseURL` (a trailing slash is dropped).
    public init(publicBaseURL: String) {
        var base = publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.publicBaseURL = base
    }

    /// `{base}/encrypted-gather?step=…[&encryptedCardDigits=…]…[&cardBrand=…][&attempt=n]`:
    /// every earlier ciphertext in flow order, then public annotations, then `attempt` from the
    /// second try only, so the tutorial's first prompts have exactly the tutorial's actions.
    public func action(
        step: String, carrying ciphertexts: [(FieldName, FieldCiphertext)] = [], annotations: [(String, String)] = [], attempt: Int = 1
    ) -> String {
        var url = "\(publicBaseURL)\(Self.path)?step=\(step)"
        for (name, ciphertext) in ciphertexts { url += "&\(name.ciphertextParameter)=\(ciphertext.wire)" }
        for (name, value) in annotations { url += "&\(name)=\(value)" }
        if attempt > 1 { url += "&attempt=\(attempt)" }
        return url
    }
}
