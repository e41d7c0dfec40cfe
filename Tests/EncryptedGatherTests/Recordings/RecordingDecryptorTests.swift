import EncryptedGather
import Foundation
import Testing

@Suite("RecordingDecryptor: streaming AES-256-GCM decryption of Twilio recordings")
struct RecordingDecryptorTests {
    static let privateKeyPaths = [RecordingVectors.pkcs1PrivateKeyPath, RecordingVectors.pkcs8PrivateKeyPath]
    static let vector = RecordingVectors.named("python-100k")

    /// Runs a decryption that must fail, and checks that `directory` looks as it did before.
    @discardableResult
    static func expectFailureLeavesNoTrace(
        in directory: String,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) throws -> (any Error)? {
        let before = try listing(directory)
        let secrets = [vector.cekHex, try vector.details().encryptedCEK.base64EncodedString]
        let error = expectOneLineError(notContaining: secrets, sourceLocation: sourceLocation, body)
        #expect(try listing(directory) == before, "the output directory changed", sourceLocation: sourceLocation)
        return error
    }

    /// A copy of the vector's encrypted file in `directory`, changed by `edit`.
    static func editedCopy(in directory: String, _ edit: (inout Data) -> Void) throws -> String {
        var data = try Data(contentsOf: URL(fileURLWithPath: vector.encryptedPath))
        edit(&data)
        let path = directory + "/edited.enc"
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func decrypt(_ input: String, to output: String, keyPath: String = RecordingVectors.pkcs1PrivateKeyPath) throws {
        try RecordingDecryptor().decrypt(
            .file(input), to: .file(output), details: vector.details(),
            privateKey: RecordingPrivateKey(contentsOfFile: keyPath))
    }

    @Test("decrypts every vector with the PKCS#1 and the PKCS#8 key, from either spelling of the details",
          arguments: RecordingVectors.all, privateKeyPaths)
    func decryptsVectors(vector: RecordingVectors.Vector, keyPath: String) throws {
        try withTemporaryDirectory { directory in
            let key = try RecordingPrivateKey(contentsOfFile: keyPath)
            for spelling in RecordingVectors.Spelling.allCases {
                let output = directory + "/\(spelling).wav"
                let count = try RecordingDecryptor().decrypt(
                    .file(vector.encryptedPath), to: .file(output), details: vector.details(spelling), privateKey: key)
                #expect(count == vector.plaintextLength)
                #expect(try sha256Hex(ofFile: output) == vector.plaintextSHA256)
            }
            #expect(try listing(directory) == ["callback.wav", "rest.wav"], "no temporary file is left behind")
        }
    }

    @Test("writes the decrypted recording readable by its owner only")
    func ownerOnly() throws {
        try withTemporaryDirectory { directory in
            try Self.decrypt(Self.vector.encryptedPath, to: directory + "/out.wav")
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/out.wav")
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }

    @Test("picks the private key from a key ring by public_key_sid")
    func decryptsWithKeyRing() throws {
        try withTemporaryDirectory { directory in
            try copy(RecordingVectors.pkcs8PrivateKeyPath, to: directory, as: "\(RecordingVectors.publicKeySid).pem")
            let output = directory + "/out.wav"
            try RecordingDecryptor().decrypt(
                .file(Self.vector.encryptedPath), to: .file(output), details: Self.vector.details(),
                keyRing: RecordingKeyRing(directory: directory))
            #expect(try sha256Hex(ofFile: output) == Self.vector.plaintextSHA256)
        }
    }

    @Test("takes the CEK and IV given apart, as --encrypted-cek and --iv")
    func decryptsWithSeparateCEKAndIV() throws {
        let vector = RecordingVectors.named("openssl-40k")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: vector.callbackDetailsPath))) as! [String: String]
        try withTemporaryDirectory { directory in
            try RecordingDecryptor().decrypt(
                .file(vector.encryptedPath), to: .file(directory + "/out.wav"),
                encryptedCEK: EncryptedContentKey(base64Encoded: json["encrypted_cek"]!),
                iv: InitializationVector(base64Encoded: json["iv"]!),
                privateKey: RecordingPrivateKey(contentsOfFile: RecordingVectors.pkcs1PrivateKeyPath))
            #expect(try sha256Hex(ofFile: directory + "/out.wav") == vector.plaintextSHA256)
        }
    }

    @Test("gives the same plaintext whatever the chunk size, tag straddling chunks included",
          arguments: [1, 15, 16, 17, 4096, 65536])
    func chunkSizeDoesNotMatter(chunkSize: Int) throws {
        try withTemporaryDirectory { directory in
            try RecordingDecryptor(chunkSize: chunkSize).decrypt(
                .file(Self.vector.encryptedPath), to: .file(directory + "/out.wav"),
                contentKey: Self.vector.contentKey, iv: Self.vector.details().iv)
            #expect(try sha256Hex(ofFile: directory + "/out.wav") == Self.vector.plaintextSHA256)
        }
    }

    @Test("decrypts to a device such as /dev/null, writing in place")
    func decryptsToDevNull() throws {
        let count = try RecordingDecryptor().decrypt(
            .file(Self.vector.encryptedPath), to: .file("/dev/null"),
            contentKey: Self.vector.contentKey, iv: Self.vector.details().iv)
        #expect(count == Self.vector.plaintextLength)
    }

    @Test("replaces an existing output file only once the tag verified")
    func replacesExistingFile() throws {
        try withTemporaryDirectory { directory in
            let output = directory + "/out.wav"
            try Data("old".utf8).write(to: URL(fileURLWithPath: output))
            let tampered = try Self.editedCopy(in: directory) { $0[100] ^= 1 }
            try Self.expectFailureLeavesNoTrace(in: directory) { try Self.decrypt(tampered, to: output) }
            #expect(try String(contentsOfFile: output, encoding: .utf8) == "old")
            try Self.decrypt(Self.vector.encryptedPath, to: output)
            #expect(try sha256Hex(ofFile: output) == Self.vector.plaintextSHA256)
        }
    }

    @Test("follows a symbolic link at the output, replacing the file it points to")
    func followsSymbolicLink() throws {
        try withTemporaryDirectory { directory in
            let target = directory + "/real/out.wav"
            try FileManager.default.createDirectory(atPath: directory + "/real", withIntermediateDirectories: false)
            try Data("old".utf8).write(to: URL(fileURLWithPath: target))
            try FileManager.default.createSymbolicLink(atPath: directory + "/link.wav", withDestinationPath: target)
            try Self.decrypt(Self.vector.encryptedPath, to: directory + "/link.wav")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/link.wav") == target)
            #expect(try sha256Hex(ofFile: target) == Self.vector.plaintextSHA256)
            #expect(try listing(directory + "/real") == ["out.wav"])
        }
    }

    @Test("refuses a recording with one ciphertext byte changed, leaving no output")
    func tamperedCiphertext() throws {
        try withTemporaryDirectory { input in
            let tampered = try Self.editedCopy(in: input) { $0[$0.count / 2] ^= 0x80 }
            try withTemporaryDirectory { output in
                let error = try Self.expectFailureLeavesNoTrace(in: output) { try Self.decrypt(tampered, to: output + "/out.wav") }
                #expect(error as? RecordingCipherError == .authenticationFailed(plaintextAlreadyWritten: false))
            }
        }
    }

    @Test("refuses a recording whose tag was changed, leaving no output")
    func tamperedTag() throws {
        try withTemporaryDirectory { input in
            let tampered = try Self.editedCopy(in: input) { $0[$0.count - 1] ^= 1 }
            try withTemporaryDirectory { output in
                let error = try Self.expectFailureLeavesNoTrace(in: output) { try Self.decrypt(tampered, to: output + "/out.wav") }
                #expect(error as? RecordingCipherError == .authenticationFailed(plaintextAlreadyWritten: false))
            }
        }
    }

    @Test("refuses a wrong private key before creating any output")
    func wrongKey() throws {
        try withTemporaryDirectory { output in
            let error = try Self.expectFailureLeavesNoTrace(in: output) {
                try Self.decrypt(Self.vector.encryptedPath, to: output + "/out.wav", keyPath: RecordingVectors.otherPrivateKeyPath)
            }
            #expect(error is RecordingKeyError)
        }
    }

    @Test("refuses a file shorter than the tag, and one cut short", arguments: [10, 16 + 1000 + 5])
    func truncated(keptByteCount: Int) throws {
        try withTemporaryDirectory { input in
            let cut = try Self.editedCopy(in: input) { $0 = $0.prefix(keptByteCount) }
            try withTemporaryDirectory { output in
                let error = try Self.expectFailureLeavesNoTrace(in: output) { try Self.decrypt(cut, to: output + "/out.wav") }
                if keptByteCount < 16 {
                    #expect(error as? RecordingCipherError == .truncated(byteCount: keptByteCount))
                } else {
                    #expect(error as? RecordingCipherError == .authenticationFailed(plaintextAlreadyWritten: false))
                }
            }
        }
    }

    @Test("refuses the wrong IV, leaving no output")
    func wrongIV() throws {
        try withTemporaryDirectory { output in
            let error = try Self.expectFailureLeavesNoTrace(in: output) {
                try RecordingDecryptor().decrypt(
                    .file(Self.vector.encryptedPath), to: .file(output + "/out.wav"),
                    contentKey: Self.vector.contentKey, iv: InitializationVector(bytes: Data(count: 12)))
            }
            #expect(error as? RecordingCipherError == .authenticationFailed(plaintextAlreadyWritten: false))
        }
    }

    @Test("says which input is missing, creating no output")
    func missingInput() throws {
        try withTemporaryDirectory { output in
            let error = try Self.expectFailureLeavesNoTrace(in: output) { try Self.decrypt(output + "/missing.enc", to: output + "/out.wav") }
            #expect(error as? RecordingFileError == .cannotOpenInput(name: output + "/missing.enc", errno: ENOENT))
        }
    }

    @Test("refuses directories as input or output")
    func directories() throws {
        try withTemporaryDirectory { directory in
            let error = try Self.expectFailureLeavesNoTrace(in: directory) { try Self.decrypt(directory, to: directory + "/out.wav") }
            #expect(error as? RecordingFileError == .inputIsDirectory(name: directory))
            let other = try Self.expectFailureLeavesNoTrace(in: directory) { try Self.decrypt(Self.vector.encryptedPath, to: directory) }
            #expect(other as? RecordingFileError == .outputIsDirectory(name: directory))
        }
    }

    @Test("says when the output's directory does not exist")
    func missingOutputDirectory() throws {
        try withTemporaryDirectory { directory in
            let output = directory + "/no/out.wav"
            let error = try Self.expectFailureLeavesNoTrace(in: directory) { try Self.decrypt(Self.vector.encryptedPath, to: output) }
            #expect(error as? RecordingFileError == .cannotCreateOutput(name: output, errno: ENOENT))
        }
    }

    @Test("removes the partial file when the disk fills up (a 64 KiB tmpfs)",
          .enabled(if: TinyFileSystem.canMount, "mounting a tmpfs needs root or CAP_SYS_ADMIN"))
    func diskFull() throws {
        try TinyFileSystem.withMounted { directory in
            let output = directory + "/out.wav"
            let error = try Self.expectFailureLeavesNoTrace(in: directory) { try Self.decrypt(Self.vector.encryptedPath, to: output) }
            #expect(error as? RecordingFileError == .diskFull(name: output))
            #expect(try listing(directory).isEmpty)
        }
    }

    @Test("reports a full device (/dev/full) in one line")
    func devFull() throws {
        let error = expectOneLineError { try Self.decrypt(Self.vector.encryptedPath, to: "/dev/full") }
        #expect(error as? RecordingFileError == .diskFull(name: "/dev/full"))
    }

    @Test("warns that a stream output already holds unauthenticated bytes when the tag fails")
    func streamOutputWarns() throws {
        try withTemporaryDirectory { input in
            let tampered = try Self.editedCopy(in: input) { $0[$0.count - 1] ^= 1 }
            let error = expectOneLineError { try Self.decrypt(tampered, to: "/dev/null") }
            #expect(error as? RecordingCipherError == .authenticationFailed(plaintextAlreadyWritten: true))
            #expect("\(error!)".contains("discard"))
        }
    }
}
