import EncryptedGather
import Hummingbird

/// A request context that carries the form parameters `X-Twilio-Signature` was checked over, so a
/// webhook handler reads exactly what was signed and the body is parsed once.
public protocol TwilioSignedRequestContext: RequestContext {
    /// Set by `TwilioSignatureMiddleware` once the signature is valid; `nil` before that.
    var signedParameters: FormParameters? { get set }
}

/// The server's request context.
public struct EncryptedGatherRequestContext: TwilioSignedRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var signedParameters: FormParameters?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }
}
