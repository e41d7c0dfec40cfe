import EncryptedGather
import Foundation
import Testing

@Suite("RecordingKeyRing: choosing the private key by public_key_sid")
struct RecordingKeyRingTests {
    static let otherSid = PublicKeySid("CR0123456789abcdef0123456789abcdef")!

    @Test("picks the key file named after the details' public_key_sid")
    func picksKeyBySid() throws {
        try withTemporaryDirectory { directory in
            try copy(RecordingVectors.otherPrivateKeyPath, to: directory, as: "\(Self.otherSid).pem")
            try copy(RecordingVectors.pkcs8PrivateKeyPath, to: directory, as: "\(RecordingVectors.publicKeySid).pem")
            let ring = RecordingKeyRing(directory: directory)
            let details = try RecordingVectors.named("python-tiny").details()
            let contentKey = try ring.privateKey(for: details.publicKeySid).unwrap(details.encryptedCEK)
            #expect(try contentKey == RecordingVectors.named("python-tiny").contentKey)
        }
    }

    @Test("says a missing key may mean Twilio fell back to another of your keys (16107)")
    func missingKeyMentionsFallback() throws {
        try withTemporaryDirectory { directory in
            try copy(RecordingVectors.otherPrivateKeyPath, to: directory, as: "\(Self.otherSid).pem")
            let sid = RecordingVectors.publicKeySid
            let error = expectOneLineError { _ = try RecordingKeyRing(directory: directory).privateKey(for: sid) }
            #expect(error as? RecordingKeyError == .missingKey(sid: sid, directory: directory))
            #expect("\(error!)".contains("16107"))
            #expect("\(error!)".contains("\(sid).pem"))
        }
    }

    @Test("lists the SIDs it holds, ignoring other files")
    func listsSids() throws {
        try withTemporaryDirectory { directory in
            try copy(RecordingVectors.otherPrivateKeyPath, to: directory, as: "\(Self.otherSid).pem")
            try copy(RecordingVectors.pkcs1PrivateKeyPath, to: directory, as: "\(RecordingVectors.publicKeySid).pem")
            try copy(RecordingVectors.pkcs1PrivateKeyPath, to: directory, as: "private_key.pem")
            try copy(RecordingVectors.publicKeyPath, to: directory, as: "\(Self.otherSid).pub")
            let ring = RecordingKeyRing(directory: directory)
            #expect(try ring.publicKeySids() == [Self.otherSid, RecordingVectors.publicKeySid].sorted { $0.rawValue < $1.rawValue })
            #expect(try ring.validate().count == 2)
        }
    }

    @Test("validation names the first key file that does not load")
    func validationFindsBadKey() throws {
        try withTemporaryDirectory { directory in
            let badPath = try copy(RecordingVectors.publicKeyPath, to: directory, as: "\(Self.otherSid).pem")
            let error = expectOneLineError { _ = try RecordingKeyRing(directory: directory).validate() }
            #expect(error as? RecordingKeyError == .publicKeyInsteadOfPrivate(source: badPath))
        }
    }

    @Test("says when the directory cannot be listed")
    func unreadableDirectory() {
        let error = expectOneLineError { _ = try RecordingKeyRing(directory: "/nonexistent-keys").publicKeySids() }
        #expect(error as? RecordingKeyError == .unreadableKeyDirectory(path: "/nonexistent-keys", errno: ENOENT))
    }
}
