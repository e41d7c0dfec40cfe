import EncryptedGather
import Foundation

/// One call placed the way Twilio places it: request the webhook, run the TwiML it answers,
/// follow `<Gather>` actions and `<Redirect>`s, until a `<Hangup/>`, the end of a document, or an
/// error Twilio would report.
public struct SimulatedCall: Sendable {
    /// More webhook requests than any real flow needs means a loop.
    public static var maximumRequests: Int { 50 }

    private let webhook: WebhookClient
    private let keypad: any Keypad
    private let caller: CallerIdentity

    /// A call through `webhook`, pressing `keypad`, as `caller`.
    public init(webhook: WebhookClient, keypad: any Keypad, caller: CallerIdentity = CallerIdentity()) {
        self.webhook = webhook
        self.keypad = keypad
        self.caller = caller
    }

    /// Places the call to `url`; `onEvent` sees each event as it happens.
    public func run(url: String, onEvent: @Sendable (CallEvent) -> Void = { _ in }) async -> CallResult {
        var result = CallResult()
        func record(_ event: CallEvent) {
            result.events.append(event)
            onEvent(event)
        }
        var next: (url: String, method: String, digits: String?)? = (url, "POST", nil)
        var requests = 0
        call: while let target = next {
            next = nil
            requests += 1
            guard requests <= Self.maximumRequests else {
                record(.failed(.tooManyRequests))
                return result
            }
            let fetched = await fetch(target)
            if let timing = fetched.timing { result.timings.append(timing) }
            if let requested = fetched.requested { record(requested) }
            let document: TwiMLDocument
            switch fetched.document {
            case .success(let parsed):
                document = parsed
            case .failure(let error):
                record(.failed(error))
                return result
            }
            for verb in document.verbs {
                switch verb {
                case .say(let text):
                    record(.said(text))
                case .play(let url):
                    record(.played(url))
                case .pause(let seconds):
                    record(.paused(seconds: seconds))
                case .hangup:
                    record(.hungUp)
                    return result
                case .redirect(let url, let method):
                    next = (Self.resolve(url, against: target.url), method, nil)
                    continue call
                case .gather(let gather):
                    for prompt in gather.prompts {
                        if case .say(let text) = prompt { record(.said(text)) }
                        if case .play(let url) = prompt { record(.played(url)) }
                        if case .pause(let seconds) = prompt { record(.paused(seconds: seconds)) }
                    }
                    let digits = gather.digits(from: await keypad.keys(for: gather))
                    guard !digits.isEmpty else {
                        // Twilio does not call the action on silence: it moves to the next verb.
                        record(.silence(timeout: gather.timeout))
                        continue
                    }
                    record(.pressed(count: digits.count))
                    next = (Self.resolve(gather.action ?? target.url, against: target.url), gather.method, digits)
                    continue call
                case .unsupported(let name):
                    record(.failed(.schemaValidation(name)))
                    return result
                }
            }
            record(.hungUp)
        }
        return result
    }

    /// One webhook request and what came of it.
    private struct Fetched {
        var requested: CallEvent?
        var timing: (step: String, duration: Duration)?
        var document: Result<TwiMLDocument, TwilioError>
    }

    private func fetch(_ target: (url: String, method: String, digits: String?)) async -> Fetched {
        let parameters = caller.parameters(digits: target.digits)
        let started = ContinuousClock.now
        let answer: WebhookClient.Answer
        do {
            answer = try await webhook.request(target.url, method: target.method, parameters: parameters)
        } catch {
            return Fetched(document: .failure(.httpRetrievalFailure(String(describing: type(of: error)))))
        }
        let elapsed = ContinuousClock.now - started
        return Fetched(
            requested: .requested(method: target.method, url: target.url, status: answer.status, milliseconds: Int(elapsed.milliseconds.rounded())),
            timing: (Self.stepName(of: target.url), elapsed),
            document: Result { () throws(TwilioError) in try Self.document(from: answer) }
        )
    }

    private static func document(from answer: WebhookClient.Answer) throws(TwilioError) -> TwiMLDocument {
        guard (200..<300).contains(answer.status) else { throw .httpRetrievalFailure("HTTP \(answer.status)") }
        if let type = answer.contentType?.lowercased(), !type.contains("xml") {
            throw .invalidContentType(type)
        }
        let document = try TwiMLDocument(parsing: answer.body)
        // Twilio validates the whole document before it runs any of it.
        for verb in document.verbs {
            if case .unsupported(let name) = verb { throw .schemaValidation(name) }
            if case .gather(let gather) = verb {
                for prompt in gather.prompts {
                    switch prompt {
                    case .say, .play, .pause: continue
                    case .gather: throw .schemaValidation("Gather")
                    case .redirect: throw .schemaValidation("Redirect")
                    case .hangup: throw .schemaValidation("Hangup")
                    case .unsupported(let name): throw .schemaValidation(name)
                    }
                }
            }
        }
        return document
    }

    /// Twilio resolves a relative `action` or `<Redirect>` against the document's URL.
    static func resolve(_ url: String, against base: String) -> String {
        URL(string: url, relativeTo: URL(string: base))?.absoluteString ?? url
    }

    /// The latency table's row for a request: the `step` query parameter, else the path.
    static func stepName(of url: String) -> String {
        let components = URLComponents(string: url)
        return components?.queryItems?.first { $0.name == "step" }?.value ?? components?.path ?? url
    }
}

/// What happened on one call.
public struct CallResult: Sendable {
    /// Everything, in order.
    public internal(set) var events: [CallEvent] = []
    /// How long each webhook request took, by step.
    public internal(set) var timings: [(step: String, duration: Duration)] = []

    /// The error Twilio would have reported, if any.
    public var error: TwilioError? {
        for event in events { if case .failed(let error) = event { return error } }
        return nil
    }

    /// Whether some `<Say>` contained `text`.
    public func heard(_ text: String) -> Bool {
        events.contains { if case .said(let said) = $0 { said.contains(text) } else { false } }
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
