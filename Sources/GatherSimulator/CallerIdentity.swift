import EncryptedGather
import Foundation

/// The parameters Twilio sends with every request of one call.
public struct CallerIdentity: Sendable {
    /// `CA` + 32 hex digits, new for each call.
    public let callSid: String
    /// The Twilio account placing the call.
    public let accountSid: String
    /// The caller's number.
    public let from: String
    /// The number called.
    public let to: String

    /// A new call from `from` to `to`; `callSid` when the call already has one.
    public init(callSid: String? = nil, accountSid: String? = nil, from: String = "+15005550006", to: String = "+15005550001") {
        self.callSid = callSid ?? "CA" + Self.randomHex(32)
        self.accountSid = accountSid ?? "AC" + Self.randomHex(32)
        self.from = from
        self.to = to
    }

    /// Twilio's voice webhook parameters for this call, with `Digits` when given.
    public func parameters(digits: String? = nil) -> FormParameters {
        var pairs: [(String, String)] = [
            ("AccountSid", accountSid), ("ApiVersion", "2010-04-01"), ("CallSid", callSid), ("CallStatus", "in-progress"),
            ("Called", to), ("Caller", from), ("Direction", "inbound"), ("From", from), ("To", to),
        ]
        if let digits { pairs.append(("Digits", digits)) }
        return FormParameters(pairs.map { (name: $0.0, value: $0.1) })
    }

    static func randomHex(_ count: Int) -> String {
        String((0..<count).map { _ in "0123456789abcdef".randomElement()! })
    }
}
