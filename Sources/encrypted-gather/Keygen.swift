import ArgumentParser
import EncryptedGather

/// `keygen`: print a new random AES_SECRET.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a new random AES_SECRET (64 hex characters), e.g. export AES_SECRET=$(encrypted-gather keygen).")

    func run() {
        print(AESSecret.random().hexRepresentation)
    }
}
