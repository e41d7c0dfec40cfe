import Foundation

/// What the gather side sends the verifier, in the JSON both sides read with this one type:
///
/// `{"version":1,"flow":"tutorial","encryptedCardDigits":"…","encryptedPinDigits":"…"}`
///
/// Each field's ciphertext is under its `ciphertextParameter`, as in the tutorial's axios call,
/// whose body (no `version`, no `flow`) is read as version 1 of the verifier's own flow.
public struct VerificationRequest: Sendable, Equatable {
    /// The contract version this build speaks.
    public static let contractVersion = 1

    /// The contract version of the request.
    public var version: Int
    /// The flow the values were gathered by; `nil` means the verifier's own.
    public var flow: String?
    /// Each field's ciphertext.
    public var ciphertexts: [FieldName: FieldCiphertext]
    /// Twilio's identifier of the call: sealed values are bound to it.
    public var callSid: String?
    /// Twilio's `From`, the caller, whose failures are counted too.
    public var from: String?

    /// A request of the current version.
    public init(flow: String?, ciphertexts: [FieldName: FieldCiphertext], callSid: String? = nil, from: String? = nil) {
        self.version = Self.contractVersion
        self.flow = flow
        self.ciphertexts = ciphertexts
        self.callSid = callSid
        self.from = from
    }

    /// The JSON body, keys sorted.
    public func jsonBody() -> [UInt8] {
        var object: [String: Any] = ["version": version]
        if let flow { object["flow"] = flow }
        if let callSid { object["callSid"] = callSid }
        if let from { object["from"] = from }
        for (name, ciphertext) in ciphertexts { object[name.ciphertextParameter] = ciphertext.wire }
        // Only strings and an integer: serialisation cannot fail.
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// Reads a request for `flow` from the body's fields (JSON or form, as strings).
    public init(fields: [String: String], flow: Flow) throws(VerificationRequestError) {
        let version = fields["version"].map { Int($0) } ?? Self.contractVersion
        guard version == Self.contractVersion else { throw .unsupportedVersion }
        if let name = fields["flow"], name != flow.name { throw .otherFlow }
        var ciphertexts: [FieldName: FieldCiphertext] = [:]
        for field in flow.fields {
            let parameter = field.name.ciphertextParameter
            guard let text = fields[parameter], !text.isEmpty else { throw .missingField(parameter) }
            guard let ciphertext = FieldCiphertext(wire: text) else {
                throw text.hasPrefix("\(SealedEnvelope.version).") ? .malformedSealedValue(parameter) : .malformedCiphertext(parameter)
            }
            ciphertexts[field.name] = ciphertext
        }
        self.version = Self.contractVersion
        self.flow = fields["flow"]
        self.ciphertexts = ciphertexts
        self.callSid = fields["callSid"]
        self.from = fields["from"]
    }
}

/// Why a verifier refuses a request (400). Names fields, never their values.
public enum VerificationRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `version` is not one this build speaks.
    case unsupportedVersion
    /// `flow` names a flow this verifier does not serve.
    case otherFlow
    /// A field's ciphertext is absent.
    case missingField(String)
    /// A field's ciphertext is not hex of nonce, ciphertext and tag.
    case malformedCiphertext(String)
    /// A field's value starts like a sealed value but is not `s1.<kid>.<t>.<hex>`.
    case malformedSealedValue(String)

    public var description: String {
        switch self {
        case .unsupportedVersion: "version is not supported (this verifier speaks \(VerificationRequest.contractVersion))"
        case .otherFlow: "flow is not the flow this verifier serves"
        case .missingField(let name): "\(name) is required"
        case .malformedCiphertext(let name): "\(name) is not a valid ciphertext (hex of nonce, ciphertext and tag)"
        case .malformedSealedValue(let name): "\(name) is not a valid sealed value (s1.<kid>.<t>.<hex>)"
        }
    }
}
