import Foundation

extension EncryptionDetails: Codable {
    private enum CodingKeys: String, CodingKey {
        case type
        case publicKeySid = "public_key_sid"
        case encryptedCEK = "encrypted_cek"
        case iv
        case restPublicKeySid = "encryption_public_key_sid"
        case restEncryptedCEK = "encryption_cek"
        case restIV = "encryption_iv"
    }

    /// A field's value and the name it was found under, for errors that use the input's spelling.
    private struct Found {
        let name: String
        let value: String
    }

    /// Reads Twilio's JSON text: the callback's `EncryptionDetails` parameter or the REST
    /// resource's `encryption_details` object.
    ///
    /// - Throws: ``EncryptionDetailsError`` with a one-line reason.
    public init(json: String) throws {
        try self.init(jsonData: Data(json.utf8))
    }

    /// Reads Twilio's JSON bytes; see ``init(json:)``.
    ///
    /// - Throws: ``EncryptionDetailsError`` with a one-line reason.
    public init(jsonData: Data) throws {
        do {
            self = try JSONDecoder().decode(EncryptionDetails.self, from: jsonData)
        } catch let error as EncryptionDetailsError {
            throw error
        } catch {
            throw EncryptionDetailsError.invalidJSON
        }
    }

    /// Decodes either spelling, also when nested in a larger document (the Recording resource).
    public init(from decoder: any Decoder) throws {
        let container: KeyedDecodingContainer<CodingKeys>
        do {
            container = try decoder.container(keyedBy: CodingKeys.self)
        } catch {
            let isNull = (try? decoder.singleValueContainer().decodeNil()) ?? false
            throw isNull ? EncryptionDetailsError.notEncrypted : EncryptionDetailsError.notJSONObject
        }
        let type = try Self.string(.type, in: container)
        // A future scheme may carry other fields, so judge the type before asking for the rest.
        if let type, EncryptionType(rawValue: type.value) == nil {
            throw EncryptionDetailsError.unsupportedType(type.value)
        }
        let sid = try Self.field(.publicKeySid, or: .restPublicKeySid, in: container)
        let cek = try Self.field(.encryptedCEK, or: .restEncryptedCEK, in: container)
        let iv = try Self.field(.iv, or: .restIV, in: container)
        guard type != nil, let sid, let cek, let iv else {
            let usesRESTSpelling =
                container.contains(.restPublicKeySid) || container.contains(.restEncryptedCEK)
                || container.contains(.restIV)
            let required: [(Found?, CodingKeys, CodingKeys)] = [
                (type, .type, .type), (sid, .publicKeySid, .restPublicKeySid),
                (cek, .encryptedCEK, .restEncryptedCEK), (iv, .iv, .restIV),
            ]
            let missing = required.filter { $0.0 == nil }.map {
                usesRESTSpelling ? $0.2.stringValue : $0.1.stringValue
            }
            throw EncryptionDetailsError.incomplete(missing: missing)
        }
        guard let publicKeySid = PublicKeySid(sid.value) else {
            throw EncryptionDetailsError.invalidPublicKeySid(field: sid.name)
        }
        self.init(
            publicKeySid: publicKeySid,
            encryptedCEK: try EncryptedContentKey(base64Encoded: cek.value, field: cek.name),
            iv: try InitializationVector(base64Encoded: iv.value, field: iv.name)
        )
    }

    /// Encodes the callback spelling. Key order is the encoder's; use ``json`` for Twilio's order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(publicKeySid, forKey: .publicKeySid)
        try container.encode(encryptedCEK.base64EncodedString, forKey: .encryptedCEK)
        try container.encode(iv.base64EncodedString, forKey: .iv)
    }

    /// The callback spelling, exactly as Twilio posts it:
    /// `{"type":"rsa-aes","public_key_sid":"CR…","encrypted_cek":"…","iv":"…"}`.
    public var json: String {
        // Written by hand: JSONEncoder's key order is not stable on Linux and it escapes "/" as
        // "\/". No value here needs escaping: base64, a hex SID and "rsa-aes" only.
        #"{"type":"\#(type.rawValue)","public_key_sid":"\#(publicKeySid)","#
            + #""encrypted_cek":"\#(encryptedCEK.base64EncodedString)","iv":"\#(iv.base64EncodedString)"}"#
    }

    private static func string(
        _ key: CodingKeys,
        in container: KeyedDecodingContainer<CodingKeys>
    ) throws -> Found? {
        do {
            return try container.decodeIfPresent(String.self, forKey: key).map {
                Found(name: key.stringValue, value: $0)
            }
        } catch {
            throw EncryptionDetailsError.notAString(field: key.stringValue)
        }
    }

    private static func field(
        _ callbackKey: CodingKeys,
        or restKey: CodingKeys,
        in container: KeyedDecodingContainer<CodingKeys>
    ) throws -> Found? {
        let callback = try string(callbackKey, in: container)
        let rest = try string(restKey, in: container)
        if let callback, let rest, callback.value != rest.value {
            throw EncryptionDetailsError.contradictory(callbackKey.stringValue, restKey.stringValue)
        }
        return callback ?? rest
    }
}
