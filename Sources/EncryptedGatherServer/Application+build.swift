import AsyncHTTPClient
import CoreMetrics
import EncryptedGather
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the server: loads and checks the TwiML templates, wires the routes onto the domain.
///
/// - Parameters:
///   - configuration: resolved settings.
///   - directory: the account directory behind `/decrypt-gather`.
///   - guards: lockouts and used ciphertexts, in the same store as the directory.
///   - verifier: who the call flow asks; by default `VERIFY_URL` over HTTP.
///   - recordings: the RecordingStatusCallback pipeline; by default one built from
///     `configuration.recordings` that downloads with the server's HTTP client.
///   - recordingJobs: where recording jobs wait when instances share them (PostgreSQL); by
///     default each instance's file journal.
///   - services: long-lived things to shut down with the server (the directory's closer).
///   - softphone: the dev-only softphone at `/simulator`; registered only when
///     `configuration.isDevelopment`.
///   - metrics: where the counters go and what `/metrics` renders, when
///     `configuration.metricsAddress` is set; by default a fresh registry then, and otherwise
///     `MetricsSystem.factory` (no-op unless bootstrapped).
/// - Throws: `ConfigurationError` (one line) for a broken template or an unusable recordings folder.
public func buildApplication<Directory: AccountDirectory>(
    configuration: ServerConfiguration,
    directory: Directory,
    guards: VerificationGuards = .inMemory(),
    verifier: (any Verifier)? = nil,
    recordings injected: RecordingPipelineService? = nil,
    recordingJobs: (any RecordingJobStore)? = nil,
    services: [any Service] = [],
    softphone: Softphone? = nil,
    metrics export: PrometheusExport? = nil,
    logger: Logger
) throws -> some ApplicationProtocol {
    let keys = try CipherKeys(configuration.ciphers, role: configuration.role)
    let endpoints = ServiceEndpoints(configuration: configuration)
    let export = export ?? configuration.metricsAddress.map { _ in PrometheusExport() }
    let metrics = GatherMetrics(flow: configuration.flow, factory: export?.factory ?? MetricsSystem.factory)
    let verification = try keys.opener.map { opener throws(ConfigurationError) in
        guard let hasher = configuration.credentialHasher else { throw .missingSecret("PIN_HASH_KEY") }
        return VerificationService(
            flow: configuration.flow, opener: opener, hasher: hasher, directory: directory, guards: guards, logger: logger,
            lockoutMetrics: metrics.lockouts)
    }
    let httpClient = HTTPClientService()
    var services = [httpClient] + services + [KeyReloadService(keys: keys, logger: logger)]
    var gather: GatherController<AnyVerifier>?
    var recordingStatus: RecordingStatusController?
    var softphoneController: SoftphoneController?
    if configuration.role.servesWebhooks, let sealer = keys.sealer, let authToken = configuration.twilioAuthToken {
        let prompts: PromptLibrary
        let recordingService: RecordingPipelineService
        do {
            prompts = try PromptLibrary(directory: configuration.twimlDirectory, flow: configuration.flow)
            recordingService = try injected ?? RecordingPipelineService(
                configuration: configuration.recordings, client: httpClient.client, jobs: recordingJobs, logger: logger,
                metrics: metrics.recordingJobs)
        } catch {
            // The client was never handed to a service group: shut it down here, or its deinit traps.
            try? httpClient.client.syncShutdown()
            throw error
        }
        // `all` asks the verification service in process, with no loopback hop, unless
        // VERIFY_URL names a verifier elsewhere.
        let flowVerifier: any Verifier = verifier
            ?? (configuration.verifyURL == nil ? verification : nil)
            ?? HTTPVerifier(client: httpClient.client, endpoints: endpoints, token: configuration.verifyToken)
        gather = GatherController(
            flow: CallFlow(
                flow: configuration.flow, sealer: sealer, prompts: prompts,
                verifier: AnyVerifier(TimedVerifier(AnyVerifier(flowVerifier), latency: metrics.verifierLatency))),
            endpoints: endpoints, calls: metrics.calls)
        recordingStatus = RecordingStatusController(pipeline: recordingService.pipeline)
        // Shut down in reverse: the pipeline stops before the client it downloads with.
        services.append(recordingService)
        if configuration.isDevelopment, let softphone {
            softphoneController = SoftphoneController(
                directory: configuration.simulatorDirectory, recentLogLines: softphone.recentLogLines, session: softphone.session,
                twilio: LoopbackTwilio(client: httpClient.client, endpoints: endpoints, authToken: authToken), endpoints: endpoints)
        }
    }
    let servesSoftphone = softphoneController != nil
    if let address = configuration.metricsAddress, let export {
        // Last, so it shuts down first after the webhooks' listener has drained.
        services.append(MetricsListener(
            application: buildMetricsApplication(
                address: address, registry: export.registry, limits: configuration.connections, logger: logger), address: address))
    }
    let router = buildRouter(
        configuration: configuration,
        endpoints: endpoints,
        signatureFailures: metrics.signatureFailures,
        gather: gather,
        decryptGather: verification.map { DecryptGatherController(service: $0, flow: configuration.flow, verifyToken: configuration.verifyToken) },
        recordingStatus: recordingStatus,
        softphone: softphoneController
    )
    return Application(
        router: router,
        server: configuration.connections.server,
        configuration: configuration.connections.applicationConfiguration(host: configuration.host, port: configuration.port, logger: logger),
        services: services,
        onServerRunning: { channel in
            if let port = channel.localAddress?.port { endpoints.serverBound(to: port) }
            var metadata: Logger.Metadata = ["role": .string(configuration.role.rawValue), "cipher_mode": .string(configuration.ciphers.mode.rawValue)]
            if configuration.role.servesWebhooks {
                metadata["webhook"] = .string(endpoints.publicBaseURL + GatherURLs.path)
                metadata["verifier"] = .string(configuration.verifyURL == nil && configuration.role == .all ? "in process" : endpoints.verifyURL)
            }
            if let key = keys.publicKeySource?.current { metadata["sealing_kid"] = .string(key.keyID) }
            if let ring = keys.keyRing { metadata["opening_kids"] = .string(ring.keyIDs.joined(separator: ",")) }
            logger.info("encrypted-gather listening", metadata: metadata)
            if configuration.isDevelopment, let softphone, servesSoftphone {
                logger.notice("development mode: softphone at \(endpoints.loopbackBaseURL)/simulator?session=\(softphone.session.value)")
            }
        },
        logger: logger
    )
}

/// The routes: health, static files, the signed webhooks (voice and recording status), the
/// verifier and, in dev mode, the softphone; each only where the role serves it.
func buildRouter<Verifier: EncryptedGather.Verifier, Directory: AccountDirectory>(
    configuration: ServerConfiguration,
    endpoints: ServiceEndpoints,
    signatureFailures: Counter,
    gather: GatherController<Verifier>?,
    decryptGather: DecryptGatherController<Directory>?,
    recordingStatus: RecordingStatusController?,
    softphone: SoftphoneController?
) -> Router<EncryptedGatherRequestContext> {
    let router = Router(context: EncryptedGatherRequestContext.self)
    router.middlewares.add(AccessLogMiddleware())
    router.get("/healthz") { _, _ in HealthStatus(status: "ok") }
    if configuration.role == .all {
        if FileManager.default.fileExists(atPath: configuration.publicDirectory) {
            router.middlewares.add(FileMiddleware(configuration.publicDirectory, searchForIndexHtml: true))
        } else if let index = EmbeddedAssets.files["Public/index.html"] {
            // The binary's own index page: the server runs from any folder.
            router.get("/") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: index)))
            }
        }
        ReadmeController(path: configuration.readmePath).addRoutes(to: router)
    }
    if let authToken = configuration.twilioAuthToken, gather != nil || recordingStatus != nil {
        let webhooks = router.group()
            .add(middleware: TwilioSignatureMiddleware(validator: RequestValidator(authToken: authToken), endpoints: endpoints, failures: signatureFailures))
        gather?.addRoutes(to: webhooks)
        recordingStatus?.addRoutes(to: webhooks)
    }
    decryptGather?.addRoutes(to: router)
    softphone?.addRoutes(to: router)
    return router
}

/// The body of `GET /healthz`.
struct HealthStatus: ResponseEncodable {
    let status: String
}

/// Lets `buildApplication` take any verifier while the flow stays generic.
struct AnyVerifier: Verifier {
    let base: any Verifier
    init(_ base: any Verifier) { self.base = base }
    func verify(_ request: VerificationRequest) async -> VerificationResult {
        await base.verify(request)
    }
}
