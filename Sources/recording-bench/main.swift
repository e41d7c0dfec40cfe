// A thin measuring tool over the EncryptedGather recording API: decrypts or encrypts one file
// and reports the time taken on standard error.
import EncryptedGather
import Foundation

let usage = """
    usage: recording-bench decrypt --private-key PEM (--details JSON | --details-file FILE) [--chunk-size BYTES] IN OUT
           recording-bench encrypt --public-key PEM [--public-key-sid CR…] [--details-out FILE] [--chunk-size BYTES] IN OUT
    IN or OUT may be - for standard input or output.
    """

struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// Splits `--name value` options from positional arguments.
func parse(_ arguments: ArraySlice<String>) throws -> (options: [String: String], positional: [String]) {
    var options: [String: String] = [:]
    var positional: [String] = []
    var remaining = arguments[...]
    while let argument = remaining.popFirst() {
        if argument.hasPrefix("--") {
            guard let value = remaining.popFirst() else { throw UsageError(description: "\(argument) needs a value") }
            options[String(argument.dropFirst(2))] = value
        } else {
            positional.append(argument)
        }
    }
    return (options, positional)
}

func run() throws {
    let arguments = CommandLine.arguments.dropFirst()
    guard let command = arguments.first else { throw UsageError(description: usage) }
    let (options, positional) = try parse(arguments.dropFirst())
    guard positional.count == 2 else { throw UsageError(description: usage) }
    let input = RecordingInput(argument: positional[0])
    let output = RecordingOutput(argument: positional[1])
    let chunkSize = try options["chunk-size"].map {
        guard let size = Int($0), size > 0 else { throw UsageError(description: "--chunk-size must be a positive integer") }
        return size
    } ?? RecordingDecryptor.defaultChunkSize
    let start = ContinuousClock.now
    let byteCount: Int
    switch command {
    case "decrypt":
        guard let keyPath = options["private-key"] else { throw UsageError(description: usage) }
        let detailsJSON: String
        if let json = options["details"] {
            detailsJSON = json
        } else if let file = options["details-file"] {
            detailsJSON = try String(contentsOfFile: file, encoding: .utf8)
        } else {
            throw UsageError(description: usage)
        }
        let details = try EncryptionDetails(json: detailsJSON)
        let privateKey = try RecordingPrivateKey(contentsOfFile: keyPath)
        byteCount = try RecordingDecryptor(chunkSize: chunkSize)
            .decrypt(input, to: output, details: details, privateKey: privateKey)
    case "encrypt":
        guard let keyPath = options["public-key"] else { throw UsageError(description: usage) }
        let publicKey = try RecordingPublicKey(contentsOfFile: keyPath)
        let sid = try options["public-key-sid"].map {
            guard let sid = PublicKeySid($0) else { throw UsageError(description: "--public-key-sid must be CR and 32 hex digits") }
            return sid
        } ?? publicKey.placeholderSid
        let details = try RecordingEncryptor(chunkSize: chunkSize)
            .encrypt(input, to: output, publicKey: publicKey, publicKeySid: sid)
        if let detailsPath = options["details-out"] {
            try (details.json + "\n").write(toFile: detailsPath, atomically: true, encoding: .utf8)
        } else {
            FileHandle.standardError.write(Data((details.json + "\n").utf8))
        }
        byteCount = -1
    default:
        throw UsageError(description: usage)
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let report = byteCount >= 0
        ? String(format: "%@ %d bytes in %.3f s (%.1f MB/s)\n", command, byteCount, seconds, Double(byteCount) / seconds / 1e6)
        : String(format: "%@ done in %.3f s\n", command, seconds)
    FileHandle.standardError.write(Data(report.utf8))
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("recording-bench: \(error)\n".utf8))
    exit(1)
}
