import EncryptedGather
import Foundation
import Testing

@Suite("EncryptionDetails: reading Twilio's JSON")
struct EncryptionDetailsTests {
    // From Twilio's Voice Recording Encryption guide: a RecordingStatusCallback's EncryptionDetails.
    static let twilioCallbackExample = #"{"type":"rsa-aes","public_key_sid":"CR201607f4ca45a533cdca8d9a828c2a87","encrypted_cek":"ZriXxBEXSywEohXQZV53KGvyzAO1HpKRxCuMo/pcKiT7C+bWKfelZuX0eW1jb7iGcESrOqwvLo4v4GVRPDdJKsaO6R/AVTDcA+he5syPDBgg20ECilAhC/9/CNxfbIuQD+rRKmx0O7SOJJyazbc4zlv+4ClWwDm6g/8z0ekpYs/tNrlQenbxU/Un9uLeeBaJtFKeK5YSUea5n3Kce22iaPZMy3WUGBg+JfOHrccvCjDjX5QQ21I3rcdpgb5nwpzf3MQwmExhW8SJtmQ1cL4jDeKojM255HhhcgOYDwcyrTfY7svUkqNrEKei1q5ZFdBl+SjjKfSdE0BgEvTceZZYrQ==","iv":"7MiadYE7QDgVSRm9"}"#

    static let sid = "CR201607f4ca45a533cdca8d9a828c2a87"
    static let cek = "ZriXxBEXSywEohXQZV53KGvyzAO1HpKRxCuMo/pcKiT7C+bWKfelZuX0eW1jb7iGcESrOqwvLo4v4GVRPDdJKsaO6R/AVTDcA+he5syPDBgg20ECilAhC/9/CNxfbIuQD+rRKmx0O7SOJJyazbc4zlv+4ClWwDm6g/8z0ekpYs/tNrlQenbxU/Un9uLeeBaJtFKeK5YSUea5n3Kce22iaPZMy3WUGBg+JfOHrccvCjDjX5QQ21I3rcdpgb5nwpzf3MQwmExhW8SJtmQ1cL4jDeKojM255HhhcgOYDwcyrTfY7svUkqNrEKei1q5ZFdBl+SjjKfSdE0BgEvTceZZYrQ=="
    static let iv = "7MiadYE7QDgVSRm9"

    /// Builds a JSON object from pairs, keeping their order.
    static func json(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
    }

    static func expectError(_ expected: EncryptionDetailsError, parsing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = expectOneLineError(notContaining: [cek, iv], sourceLocation: sourceLocation) {
            _ = try EncryptionDetails(json: text)
        }
        #expect(error as? EncryptionDetailsError == expected, sourceLocation: sourceLocation)
    }

    @Test("reads the RecordingStatusCallback spelling: public_key_sid, encrypted_cek, iv")
    func readsCallbackSpelling() throws {
        let details = try EncryptionDetails(json: Self.twilioCallbackExample)
        #expect(details.type == .rsaAES)
        #expect(details.publicKeySid.rawValue == Self.sid)
        #expect(details.encryptedCEK.bytes.count == 256)
        #expect(details.iv.bytes.count == 12)
    }

    @Test("reads the REST resource spelling: encryption_public_key_sid, encryption_cek, encryption_iv")
    func readsRESTSpelling() throws {
        let rest = Self.json([("type", "rsa-aes"), ("encryption_public_key_sid", Self.sid), ("encryption_cek", Self.cek), ("encryption_iv", Self.iv)])
        #expect(try EncryptionDetails(json: rest) == EncryptionDetails(json: Self.twilioCallbackExample))
    }

    @Test("reads both committed spellings of every vector to the same value", arguments: RecordingVectors.all)
    func vectorsAgree(vector: RecordingVectors.Vector) throws {
        #expect(try vector.details(.callback) == vector.details(.rest))
        #expect(try vector.details().publicKeySid == RecordingVectors.publicKeySid)
    }

    @Test("reads the encryption_details object inside a Recording resource")
    func readsNestedInRecordingResource() throws {
        struct Recording: Decodable {
            let sid: String
            let encryptionDetails: EncryptionDetails?
            enum CodingKeys: String, CodingKey {
                case sid
                case encryptionDetails = "encryption_details"
            }
        }
        let resource = #"{"sid":"REXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX","encryption_details":{"type":"rsa-aes","encryption_public_key_sid":"\#(Self.sid)","encryption_cek":"\#(Self.cek)","iv":"\#(Self.iv)"}}"#
        let recording = try JSONDecoder().decode(Recording.self, from: Data(resource.utf8))
        #expect(recording.encryptionDetails?.publicKeySid.rawValue == Self.sid)
        let unencrypted = #"{"sid":"REXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX","encryption_details":null}"#
        #expect(try JSONDecoder().decode(Recording.self, from: Data(unencrypted.utf8)).encryptionDetails == nil)
    }

    @Test("accepts both spellings of a field when they agree")
    func acceptsAgreeingSpellings() throws {
        let both = Self.json([("type", "rsa-aes"), ("public_key_sid", Self.sid), ("encryption_public_key_sid", Self.sid), ("encrypted_cek", Self.cek), ("iv", Self.iv), ("encryption_iv", Self.iv)])
        #expect(try EncryptionDetails(json: both) == EncryptionDetails(json: Self.twilioCallbackExample))
    }

    @Test("ignores fields it does not know")
    func ignoresUnknownFields() throws {
        let extra = Self.json([("type", "rsa-aes"), ("public_key_sid", Self.sid), ("encrypted_cek", Self.cek), ("iv", Self.iv), ("future", "x")])
        #expect(try EncryptionDetails(json: extra) == EncryptionDetails(json: Self.twilioCallbackExample))
    }

    @Test("refuses contradictory details: both spellings with different values")
    func refusesContradiction() {
        let otherSid = "CR" + String(repeating: "0", count: 32)
        Self.expectError(
            .contradictory("public_key_sid", "encryption_public_key_sid"),
            parsing: Self.json([("type", "rsa-aes"), ("public_key_sid", Self.sid), ("encryption_public_key_sid", otherSid), ("encrypted_cek", Self.cek), ("iv", Self.iv)]))
        Self.expectError(
            .contradictory("iv", "encryption_iv"),
            parsing: Self.json([("type", "rsa-aes"), ("public_key_sid", Self.sid), ("encrypted_cek", Self.cek), ("iv", Self.iv), ("encryption_iv", "AAAAAAAAAAAAAAAA")]))
    }

    @Test("refuses incomplete details, naming what is missing in the spelling used")
    func refusesIncomplete() {
        Self.expectError(
            .incomplete(missing: ["encrypted_cek", "iv"]),
            parsing: Self.json([("type", "rsa-aes"), ("public_key_sid", Self.sid)]))
        Self.expectError(
            .incomplete(missing: ["type", "encryption_iv"]),
            parsing: Self.json([("encryption_public_key_sid", Self.sid), ("encryption_cek", Self.cek)]))
        Self.expectError(.incomplete(missing: ["type", "public_key_sid", "encrypted_cek", "iv"]), parsing: "{}")
    }

    @Test("refuses any type but rsa-aes")
    func refusesOtherTypes() {
        Self.expectError(
            .unsupportedType("rsa-aes-v2"),
            parsing: Self.json([("type", "rsa-aes-v2"), ("public_key_sid", Self.sid), ("encrypted_cek", Self.cek), ("iv", Self.iv)]))
        Self.expectError(.unsupportedType("RSA-AES"), parsing: Self.json([("type", "RSA-AES")]))
    }

    @Test("says a null EncryptionDetails means the recording is not encrypted")
    func nullMeansNotEncrypted() {
        Self.expectError(.notEncrypted, parsing: "null")
    }

    @Test("refuses text that is not a JSON object of strings")
    func refusesNonObjects() {
        Self.expectError(.invalidJSON, parsing: "type=rsa-aes")
        Self.expectError(.notJSONObject, parsing: #"["rsa-aes"]"#)
        Self.expectError(.notAString(field: "iv"), parsing: #"{"type":"rsa-aes","iv":12}"#)
    }

    @Test("refuses a SID that is not CR and 32 hex digits")
    func refusesBadSid() {
        for sid in ["CRXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "AC201607f4ca45a533cdca8d9a828c2a87", "CR../../../../etc/passwd0000000000", "CR201607"] {
            Self.expectError(
                .invalidPublicKeySid(field: "public_key_sid"),
                parsing: Self.json([("type", "rsa-aes"), ("public_key_sid", sid), ("encrypted_cek", Self.cek), ("iv", Self.iv)]))
        }
    }

    @Test("refuses a CEK or IV that is not base64, hinting at a form-decoded '+'")
    func refusesNonBase64() {
        Self.expectError(
            .invalidBase64(field: "encrypted_cek", containsSpace: true),
            parsing: Self.json([("type", "rsa-aes"), ("public_key_sid", Self.sid), ("encrypted_cek", Self.cek.replacingOccurrences(of: "+", with: " ")), ("iv", Self.iv)]))
        Self.expectError(
            .invalidBase64(field: "encryption_iv", containsSpace: false),
            parsing: Self.json([("type", "rsa-aes"), ("encryption_public_key_sid", Self.sid), ("encryption_cek", Self.cek), ("encryption_iv", "7Mia*YE7QDgVSRm9")]))
        Self.expectError(
            .empty(field: "encrypted_cek"),
            parsing: Self.json([("type", "rsa-aes"), ("public_key_sid", Self.sid), ("encrypted_cek", ""), ("iv", Self.iv)]))
    }

    @Test("refuses an IV that is not 12 bytes", arguments: ["", "AAAAAAAAAAAAAAAAAAAAAA==", "AAAAAAAA"])
    func refusesWrongIVLength(iv: String) {
        Self.expectError(
            .wrongIVLength(field: "iv", byteCount: Data(base64Encoded: iv)!.count),
            parsing: Self.json([("type", "rsa-aes"), ("public_key_sid", Self.sid), ("encrypted_cek", Self.cek), ("iv", iv)]))
    }

    @Test("writes JSON exactly as Twilio posts it: its key order, '/' unescaped")
    func writesTwilioJSON() throws {
        #expect(try EncryptionDetails(json: Self.twilioCallbackExample).json == Self.twilioCallbackExample)
        for vector in RecordingVectors.all {
            let committed = try String(contentsOfFile: vector.callbackDetailsPath, encoding: .utf8)
            #expect(try vector.details(.rest).json + "\n" == committed)
        }
    }

    @Test("round-trips through Codable in the callback spelling")
    func roundTripsCodable() throws {
        let details = try EncryptionDetails(json: Self.twilioCallbackExample)
        let encoded = try JSONEncoder().encode(details)
        let object = try #require(JSONSerialization.jsonObject(with: encoded) as? [String: String])
        #expect(Set(object.keys) == ["type", "public_key_sid", "encrypted_cek", "iv"])
        #expect(try JSONDecoder().decode(EncryptionDetails.self, from: encoded) == details)
    }

    @Test("takes the command line's --encrypted-cek and --iv on their own")
    func parsesSeparateOptions() throws {
        #expect(try EncryptedContentKey(base64Encoded: Self.cek).base64EncodedString == Self.cek)
        #expect(try InitializationVector(base64Encoded: Self.iv).base64EncodedString == Self.iv)
        let error = expectOneLineError { _ = try InitializationVector(base64Encoded: "AAAA") }
        #expect(error as? EncryptionDetailsError == .wrongIVLength(field: "iv", byteCount: 3))
    }
}
