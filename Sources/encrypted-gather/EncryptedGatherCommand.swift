import ArgumentParser
import Dispatch
import Foundation
import NIOCore
import NIOPosix

/// `encrypted-gather`: collect keypad input for Twilio calls, encrypted the moment it arrives.
struct EncryptedGatherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypted-gather",
        abstract: "A Twilio voice webhook that encrypts gathered digits the moment they arrive.",
        subcommands: [Serve.self, Simulate.self, Keygen.self, Encrypt.self, Decrypt.self, Accounts.self, Recording.self]
    )
}

/// Starts the command with Swift concurrency running on SwiftNIO's event loops.
@main
enum Main {
    static func main() {
        // A request's handler then runs on the event loop that read it: no hop to the
        // cooperative pool and back per request. Only possible from a synchronous main, before
        // any task starts.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        Task {
            await EncryptedGatherCommand.main()
            exit(0)
        }
        dispatchMain()
    }
}
