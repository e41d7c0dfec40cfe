import AsyncHTTPClient
import EncryptedGather
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the server: loads and checks the TwiML templates, wires the routes onto the domain.
///
/// - Parameters:
///   - configuration: resolved settings.
///   - directory: the account directory behind `/decrypt-gather`.
///   - verifier: who the call flow asks; by default `VERIFY_URL` over HTTP.
///   - recordings: the RecordingStatusCallback pipeline; by default one built from
///     `configuration.recordings` that downloads with the server's HTTP client.
///   - services: long-lived things to shut down with the server (the directory's closer).
///   - softphone: the dev-only softphone at `/simulator`; registered only when
///     `configuration.isDevelopment`.
/// - Throws: `ConfigurationError` (one line) for a broken template or an unusable recordings folder.
public func buildApplication<Directory: AccountDirectory>(
    configuration: ServerConfiguration,
    directory: Directory,
    verifier: (any Verifier)? = nil,
    recordings injected: RecordingPipelineService? = nil,
    services: [any Service] = [],
    softphone: Softphone? = nil,
    logger: Logger
) throws -> some ApplicationProtocol {
    let prompts = try PromptLibrary(directory: configuration.twimlDirectory, flow: configuration.flow)
    let endpoints = ServiceEndpoints(configuration: configuration)
    let cipher = GatherCipher(secret: configuration.aesSecret)
    let httpClient = HTTPClientService()
    let flowVerifier = verifier ?? HTTPVerifier(client: httpClient.client, endpoints: endpoints, token: configuration.verifyToken)
    let recordings: RecordingPipelineService
    do {
        recordings = try injected ?? RecordingPipelineService(configuration: configuration.recordings, client: httpClient.client, logger: logger)
    } catch {
        // The client was never handed to a service group: shut it down here, or its deinit traps.
        try? httpClient.client.syncShutdown()
        throw error
    }
    // Shut down in reverse: the pipeline stops before the client it downloads with.
    let services = [httpClient] + services + [recordings]
    let router = buildRouter(
        configuration: configuration,
        endpoints: endpoints,
        gather: GatherController(
            flow: CallFlow(flow: configuration.flow, cipher: cipher, prompts: prompts, verifier: AnyVerifier(flowVerifier)), endpoints: endpoints),
        decryptGather: DecryptGatherController(
            service: VerificationService(flow: configuration.flow, cipher: cipher, hasher: configuration.credentialHasher, directory: directory),
            flow: configuration.flow, verifyToken: configuration.verifyToken),
        recordingStatus: RecordingStatusController(pipeline: recordings.pipeline),
        softphone: configuration.isDevelopment ? softphone.map { softphone in
            SoftphoneController(
                directory: configuration.simulatorDirectory, recentLogLines: softphone.recentLogLines, session: softphone.session,
                twilio: LoopbackTwilio(client: httpClient.client, endpoints: endpoints, authToken: configuration.twilioAuthToken), endpoints: endpoints)
        } : nil
    )
    return Application(
        router: router,
        server: configuration.connections.server,
        configuration: configuration.connections.applicationConfiguration(host: configuration.host, port: configuration.port, logger: logger),
        services: services,
        onServerRunning: { channel in
            if let port = channel.localAddress?.port { endpoints.serverBound(to: port) }
            logger.info(
                "encrypted-gather listening",
                metadata: [
                    "webhook": .string(endpoints.publicBaseURL + GatherURLs.path),
                    "verifier": .string(endpoints.verifyURL),
                ])
            if configuration.isDevelopment, let softphone {
                logger.notice("development mode: softphone at \(endpoints.loopbackBaseURL)/simulator?session=\(softphone.session.value)")
            }
        },
        logger: logger
    )
}

/// The routes: health, static files, the signed webhooks (voice and recording status), the
/// verifier and, in dev mode,
/// the softphone.
func buildRouter<Verifier: EncryptedGather.Verifier, Directory: AccountDirectory>(
    configuration: ServerConfiguration,
    endpoints: ServiceEndpoints,
    gather: GatherController<Verifier>,
    decryptGather: DecryptGatherController<Directory>,
    recordingStatus: RecordingStatusController,
    softphone: SoftphoneController?
) -> Router<EncryptedGatherRequestContext> {
    let router = Router(context: EncryptedGatherRequestContext.self)
    router.middlewares.add(AccessLogMiddleware())
    router.middlewares.add(FileMiddleware(configuration.publicDirectory, searchForIndexHtml: true))
    router.get("/healthz") { _, _ in HealthStatus(status: "ok") }
    ReadmeController(path: configuration.readmePath).addRoutes(to: router)
    let webhooks = router.group()
        .add(middleware: TwilioSignatureMiddleware(validator: RequestValidator(authToken: configuration.twilioAuthToken), endpoints: endpoints))
    gather.addRoutes(to: webhooks)
    recordingStatus.addRoutes(to: webhooks)
    decryptGather.addRoutes(to: router)
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
