import EncryptedGather
import Foundation
import Testing

@Suite("RecordingEncryptor: encrypting as Twilio does")
struct RecordingEncryptorTests {
    @Test("makes exactly the bytes Python made, given the same CEK and IV")
    func matchesPythonVector() throws {
        for vector in RecordingVectors.all {
            try withTemporaryDirectory { directory in
                let plain = directory + "/plain.wav"
                let details = try vector.details()
                try RecordingDecryptor().decrypt(.file(vector.encryptedPath), to: .file(plain), contentKey: vector.contentKey, iv: details.iv)
                try RecordingEncryptor(chunkSize: 4096).encrypt(
                    .file(plain), to: .file(directory + "/again.enc"), contentKey: vector.contentKey, iv: details.iv)
                #expect(
                    try Data(contentsOf: URL(fileURLWithPath: directory + "/again.enc"))
                        == Data(contentsOf: URL(fileURLWithPath: vector.encryptedPath)), "\(vector.name)")
            }
        }
    }

    @Test("round-trips through the public and private key, at sizes around chunk and tag boundaries",
          arguments: [0, 1, 15, 16, 17, 1000, 4096, 4097, 3 * 4096 + 15])
    func roundTrip(byteCount: Int) throws {
        let publicKey = try RecordingPublicKey(contentsOfFile: RecordingVectors.publicKeyPath)
        let privateKey = try RecordingPrivateKey(contentsOfFile: RecordingVectors.pkcs8PrivateKeyPath)
        try withTemporaryDirectory { directory in
            let plaintext = Data((0..<byteCount).map { _ in UInt8.random(in: 0...255) })
            try plaintext.write(to: URL(fileURLWithPath: directory + "/plain.wav"))
            let details = try RecordingEncryptor(chunkSize: 4096).encrypt(
                .file(directory + "/plain.wav"), to: .file(directory + "/plain.wav.enc"),
                publicKey: publicKey, publicKeySid: RecordingVectors.publicKeySid)
            let encrypted = try Data(contentsOf: URL(fileURLWithPath: directory + "/plain.wav.enc"))
            #expect(encrypted.count == byteCount + 16)
            let count = try RecordingDecryptor(chunkSize: 4096).decrypt(
                .file(directory + "/plain.wav.enc"), to: .file(directory + "/out.wav"),
                details: EncryptionDetails(json: details.json), privateKey: privateKey)
            #expect(count == byteCount)
            #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/out.wav")) == plaintext)
        }
    }

    @Test("returns details that serialise as Twilio posts them")
    func detailsLookLikeTwilios() throws {
        let publicKey = try RecordingPublicKey(contentsOfFile: RecordingVectors.publicKeyPath)
        try withTemporaryDirectory { directory in
            try Data("RIFF".utf8).write(to: URL(fileURLWithPath: directory + "/plain.wav"))
            let details = try RecordingEncryptor().encrypt(
                .file(directory + "/plain.wav"), to: .file(directory + "/plain.wav.enc"),
                publicKey: publicKey, publicKeySid: publicKey.placeholderSid)
            let pattern = #"^\{"type":"rsa-aes","public_key_sid":"CR[0-9a-f]{32}","encrypted_cek":"[A-Za-z0-9+/]{342}==","iv":"[A-Za-z0-9+/]{16}"\}$"#
            #expect(details.json.range(of: pattern, options: .regularExpression) != nil, "\(details.json)")
            #expect(details.publicKeySid == publicKey.placeholderSid)
        }
    }

    @Test("draws a fresh CEK and IV for every recording")
    func freshKeys() throws {
        let publicKey = try RecordingPublicKey(contentsOfFile: RecordingVectors.publicKeyPath)
        try withTemporaryDirectory { directory in
            try Data("RIFF".utf8).write(to: URL(fileURLWithPath: directory + "/plain.wav"))
            let first = try RecordingEncryptor().encrypt(.file(directory + "/plain.wav"), to: .file("/dev/null"), publicKey: publicKey, publicKeySid: publicKey.placeholderSid)
            let second = try RecordingEncryptor().encrypt(.file(directory + "/plain.wav"), to: .file("/dev/null"), publicKey: publicKey, publicKeySid: publicKey.placeholderSid)
            #expect(first.iv != second.iv)
            let privateKey = try RecordingPrivateKey(contentsOfFile: RecordingVectors.pkcs1PrivateKeyPath)
            #expect(try privateKey.unwrap(first.encryptedCEK) != privateKey.unwrap(second.encryptedCEK))
        }
    }

    @Test("leaves no output when the input is missing")
    func missingInput() throws {
        try withTemporaryDirectory { directory in
            let error = expectOneLineError {
                try RecordingEncryptor().encrypt(
                    .file(directory + "/missing.wav"), to: .file(directory + "/out.enc"),
                    contentKey: .random(), iv: .random())
            }
            #expect(error as? RecordingFileError == .cannotOpenInput(name: directory + "/missing.wav", errno: ENOENT))
            let remaining = try listing(directory)
            #expect(remaining.isEmpty)
        }
    }
}
