// hello-hummingbird PORT: a Hummingbird 2 application whose one route does no work, set up as
// encrypted-gather sets up its own (Swift concurrency on the event loops), with no middleware.
import Foundation
import Hummingbird
import NIOCore
import NIOPosix

guard CommandLine.arguments.count == 2, let port = Int(CommandLine.arguments[1]) else {
    print("usage: hello-hummingbird PORT")
    exit(2)
}
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
let router = Router()
router.get("/healthz") { _, _ in #"{"status":"ok"}"# }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
