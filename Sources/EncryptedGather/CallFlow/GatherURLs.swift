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

    /// `{base}/encrypted-gather?step=…[&encryptedCardDigits=…][&attempt=n]`; `attempt` only from
    /// the second try, so the first prompt's action is exactly the tutorial's.
    public func action(step: GatherStep, encryptedCardDigits: Ciphertext? = nil, attempt: Int = 1) -> String {
        var url = "\(publicBaseURL)\(Self.path)?step=\(step.rawValue)"
        if let encryptedCardDigits { url += "&encryptedCardDigits=\(encryptedCardDigits.hex)" }
        if attempt > 1 { url += "&attempt=\(attempt)" }
        return url
    }
}
