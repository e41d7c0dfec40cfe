import Crypto
import EncryptedGather
import Foundation
import Testing

/// The committed vectors in `Vectors/recordings/`, made by Python's `cryptography` and the
/// `openssl` CLI (see the README there).
enum RecordingVectors {
    /// One encrypted recording and what it must decrypt to.
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let plaintextLength: Int
        let plaintextSHA256: String
        let cekHex: String

        enum CodingKeys: String, CodingKey {
            case name
            case plaintextLength = "plaintext_length"
            case plaintextSHA256 = "plaintext_sha256"
            case cekHex = "cek_hex"
        }

        var encryptedPath: String { path("\(name).enc") }
        var callbackDetailsPath: String { path("\(name).callback.json") }
        var restDetailsPath: String { path("\(name).rest.json") }
        var testDescription: String { name }

        func details(_ spelling: Spelling = .callback) throws -> EncryptionDetails {
            try EncryptionDetails(jsonData: Data(contentsOf: URL(fileURLWithPath: spelling == .callback ? callbackDetailsPath : restDetailsPath)))
        }

        var contentKey: ContentEncryptionKey {
            get throws { try ContentEncryptionKey(bytes: hexBytes(cekHex)) }
        }
    }

    /// Twilio's two spellings of EncryptionDetails.
    enum Spelling: CaseIterable, Sendable {
        case callback
        case rest
    }

    /// The directory of the vectors.
    static let directory: String = {
        guard let url = Bundle.module.url(forResource: "Vectors", withExtension: nil) else {
            fatalError("the Vectors resource is missing from the test bundle")
        }
        return url.appendingPathComponent("recordings").path
    }()

    /// All four: three made by Python, one whose CEK the openssl CLI wrapped.
    static let all: [Vector] = {
        struct Manifest: Decodable { let vectors: [Vector] }
        return ["python-vectors.json", "openssl-40k.json"].flatMap { file in
            // The manifests are committed beside the vectors; a missing one is a broken checkout.
            try! JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: path(file)))).vectors
        }
    }()

    /// A vector by name.
    static func named(_ name: String) -> Vector {
        all.first { $0.name == name }!
    }

    /// The SID the vectors' details name.
    static var publicKeySid: PublicKeySid {
        PublicKeySid(try! String(contentsOfFile: path("public_key_sid.txt"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines))!
    }

    /// The key files.
    static let pkcs1PrivateKeyPath = path("private_key_pkcs1.pem")
    static let pkcs8PrivateKeyPath = path("private_key_pkcs8.pem")
    static let publicKeyPath = path("public_key.pem")
    static let otherPrivateKeyPath = path("other_private_key.pem")
    static let otherPublicKeyPath = path("other_public_key.pem")

    static func path(_ file: String) -> String {
        directory + "/" + file
    }
}

/// Bytes from lowercase hex.
func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        bytes.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

/// The SHA-256 of a file, in lowercase hex.
func sha256Hex(ofFile path: String) throws -> String {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}

/// A fresh empty directory, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("recordings-test-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// The names in a directory, hidden ones included, sorted.
func listing(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
}

/// Copies a file, returning the copy's path.
@discardableResult
func copy(_ source: String, to directory: String, as name: String) throws -> String {
    let destination = directory + "/" + name
    try FileManager.default.copyItem(atPath: source, toPath: destination)
    // Key files must be owner-only, as an operator's are: the key ring refuses others.
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: destination)
    return destination
}

/// Expects `body` to throw, and the error to read as one line, without any of `secrets`.
@discardableResult
func expectOneLineError(
    notContaining secrets: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> (any Error)? {
    let error = #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try body() }
    if let error {
        let text = String(describing: error)
        #expect(!text.isEmpty && !text.contains("\n"), "not one line: \(text)", sourceLocation: sourceLocation)
        #expect(!text.contains("underlyingCoreCryptoError"), sourceLocation: sourceLocation)
        for secret in secrets where !secret.isEmpty {
            #expect(!text.contains(secret), "leaks a secret: \(text)", sourceLocation: sourceLocation)
        }
    }
    return error
}
