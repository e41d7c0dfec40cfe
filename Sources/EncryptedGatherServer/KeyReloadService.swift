import EncryptedGather
import Logging
import ServiceLifecycle
import UnixSignals

/// Reads the key files again on SIGHUP: a rotation adds the new private key to the verifiers,
/// then switches the gather side's `SEALING_PUBLIC_KEY`, with no restart and no failed call.
struct KeyReloadService: Service {
    let keys: CipherKeys
    let logger: Logger

    func run() async throws {
        guard keys.publicKeySource != nil || keys.keyRing != nil else {
            try? await gracefulShutdown()
            return
        }
        // Ends with the server: a signal sequence alone would wait for the next SIGHUP forever.
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            do throws(ConfigurationError) {
                let held = try keys.reload()
                logger.notice("keys reloaded on SIGHUP: \(held)")
            } catch {
                logger.error("keys not reloaded on SIGHUP; the keys held before stay in use", metadata: ["error": .string(error.description)])
            }
        }
    }
}
