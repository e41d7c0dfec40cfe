import ArgumentParser

/// `encrypted-gather`: collect keypad input for Twilio calls, encrypted the moment it arrives.
@main
struct EncryptedGatherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypted-gather",
        abstract: "A Twilio voice webhook that encrypts gathered digits the moment they arrive.",
        subcommands: [Serve.self, Simulate.self, Keygen.self, Encrypt.self, Decrypt.self, Accounts.self, Recording.self]
    )
}
