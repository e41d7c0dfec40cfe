import EncryptedGather
import Foundation
import Testing

@Suite("RecordingPrivateKey and RecordingPublicKey: loading PEM and (un)wrapping the CEK")
struct RecordingKeyTests {
    static let privateKeyPaths = [RecordingVectors.pkcs1PrivateKeyPath, RecordingVectors.pkcs8PrivateKeyPath]

    @Test("loads PKCS#1 (BEGIN RSA PRIVATE KEY) and PKCS#8 (BEGIN PRIVATE KEY)", arguments: privateKeyPaths)
    func loadsBothFormats(path: String) throws {
        #expect(try RecordingPrivateKey(contentsOfFile: path).keySizeInBits == 2048)
    }

    @Test("unwraps each vector's CEK with OAEP SHA-256, whether Python or openssl wrapped it",
          arguments: RecordingVectors.all, privateKeyPaths)
    func unwrapsVectorCEKs(vector: RecordingVectors.Vector, path: String) throws {
        let details = try vector.details()
        let contentKey = try RecordingPrivateKey(contentsOfFile: path).unwrap(details.encryptedCEK, publicKeySid: details.publicKeySid)
        #expect(try contentKey == vector.contentKey)
    }

    @Test("says a wrong key is probably the wrong key for the SID, in one line with no key material")
    func wrongKeyIsOneLine() throws {
        let details = try RecordingVectors.named("python-100k").details()
        let wrongKey = try RecordingPrivateKey(contentsOfFile: RecordingVectors.otherPrivateKeyPath)
        let error = expectOneLineError(notContaining: [details.encryptedCEK.base64EncodedString]) {
            _ = try wrongKey.unwrap(details.encryptedCEK, publicKeySid: details.publicKeySid)
        }
        #expect(error as? RecordingKeyError == .unwrapFailed(source: RecordingVectors.otherPrivateKeyPath, sid: details.publicKeySid))
        #expect("\(error!)".contains("wrong key for public_key_sid \(details.publicKeySid)?"))
    }

    @Test("says an encrypted CEK of the wrong size was made for another key")
    func wrongSizeCEK() throws {
        let key = try RecordingPrivateKey(contentsOfFile: RecordingVectors.pkcs1PrivateKeyPath)
        let error = expectOneLineError { _ = try key.unwrap(EncryptedContentKey(bytes: Data(count: 128))) }
        #expect(error as? RecordingKeyError == .encryptedCEKWrongSize(byteCount: 128, expected: 256, sid: nil))
    }

    @Test("refuses text that is not a PEM private key, in one line")
    func refusesBadPEM() {
        let garbage = "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n"
        let error = expectOneLineError { _ = try RecordingPrivateKey(pemRepresentation: garbage, source: "key.pem") }
        #expect(error as? RecordingKeyError == .notAPrivateKey(source: "key.pem"))
        #expect(expectOneLineError { _ = try RecordingPrivateKey(pemRepresentation: "") } as? RecordingKeyError
            == .notAPrivateKey(source: "the private key"))
    }

    @Test("says so when given the public key where the private key belongs, and the other way round")
    func refusesSwappedKeys() {
        #expect(expectOneLineError { _ = try RecordingPrivateKey(contentsOfFile: RecordingVectors.publicKeyPath) } as? RecordingKeyError
            == .publicKeyInsteadOfPrivate(source: RecordingVectors.publicKeyPath))
        #expect(expectOneLineError { _ = try RecordingPublicKey(contentsOfFile: RecordingVectors.pkcs8PrivateKeyPath) } as? RecordingKeyError
            == .privateKeyInsteadOfPublic(source: RecordingVectors.pkcs8PrivateKeyPath))
    }

    @Test("says a passphrase-protected key must be unprotected first")
    func refusesEncryptedPEM() {
        let pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nbm90IGEga2V5\n-----END ENCRYPTED PRIVATE KEY-----\n"
        #expect(expectOneLineError { _ = try RecordingPrivateKey(pemRepresentation: pem, source: "k.pem") } as? RecordingKeyError
            == .passphraseProtected(source: "k.pem"))
    }

    @Test("says which key file is missing")
    func missingKeyFile() {
        #expect(expectOneLineError { _ = try RecordingPrivateKey(contentsOfFile: "/nonexistent/private_key.pem") } as? RecordingKeyError
            == .unreadableKeyFile(path: "/nonexistent/private_key.pem", errno: ENOENT))
    }

    @Test("wraps a CEK with the public key so that the private key unwraps it")
    func wrapRoundTrip() throws {
        let publicKey = try RecordingPublicKey(contentsOfFile: RecordingVectors.publicKeyPath)
        let contentKey = ContentEncryptionKey.random()
        let wrapped = try publicKey.wrap(contentKey)
        #expect(wrapped.bytes.count == 256)
        #expect(try RecordingPrivateKey(contentsOfFile: RecordingVectors.pkcs1PrivateKeyPath).unwrap(wrapped) == contentKey)
        // OAEP is randomised: the same CEK never wraps to the same bytes twice.
        #expect(try publicKey.wrap(contentKey) != wrapped)
    }

    @Test("gives the private key's public key")
    func derivesPublicKey() throws {
        let fromPrivate = try RecordingPrivateKey(contentsOfFile: RecordingVectors.pkcs8PrivateKeyPath).publicKey
        let fromFile = try RecordingPublicKey(contentsOfFile: RecordingVectors.publicKeyPath)
        #expect(fromPrivate.pemRepresentation == fromFile.pemRepresentation)
        #expect(fromPrivate.placeholderSid == fromFile.placeholderSid)
    }

    @Test("never prints a CEK")
    func contentKeyIsRedacted() throws {
        let key = try RecordingVectors.named("python-tiny").contentKey
        #expect("\(key)" == "*REDACTED*")
        #expect(String(reflecting: key) == "*REDACTED*")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains(RecordingVectors.named("python-tiny").cekHex))
    }

    @Test("refuses a CEK that is not 32 bytes")
    func contentKeyLength() {
        #expect(expectOneLineError { _ = try ContentEncryptionKey(bytes: [UInt8](repeating: 1, count: 16)) } as? RecordingKeyError
            == .contentKeyWrongLength(byteCount: 16))
    }
}
