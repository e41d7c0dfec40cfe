import EncryptedGather
import Hummingbird
import ServiceLifecycle

/// The metrics application as one of the server's services. It fails on its own terms: a port
/// already taken names `METRICS_ADDRESS`, not the webhooks' address.
struct MetricsListener<Listener: ApplicationProtocol>: Service {
    let application: Listener
    let address: MetricsAddress

    func run() async throws {
        do {
            try await application.run()
        } catch {
            throw MetricsListenerError(address: address, reason: "\(error)")
        }
    }
}

/// The metrics listener could not run; one line for the operator.
public struct MetricsListenerError: Error, CustomStringConvertible {
    let address: MetricsAddress
    let reason: String

    public var description: String {
        "cannot serve metrics on \(address.host):\(address.port) (METRICS_ADDRESS): \(reason)"
    }
}
