import CoreMetrics

/// `encrypted_gather_lockouts_total{subject}`: lockouts begun, of a card or of a caller. Counted
/// when a lock starts, not for each refusal while it lasts.
public struct LockoutMetrics: Sendable {
    /// The metric's name.
    public static let name = "encrypted_gather_lockouts_total"

    /// Counts nothing: for a service built without metrics.
    public static let disabled = LockoutMetrics(factory: NOOPMetricsHandler.instance)

    private let card: Counter
    private let caller: Counter

    /// Counters from `factory`, one per subject.
    public init(factory: any MetricsFactory) {
        card = Counter(label: Self.name, dimensions: [("subject", LockoutSubject.card.rawValue)], factory: factory)
        caller = Counter(label: Self.name, dimensions: [("subject", LockoutSubject.caller.rawValue)], factory: factory)
    }

    /// Counts a lock of `subject` that has just started.
    public func started(_ subject: LockoutSubject) {
        switch subject {
        case .card: card.increment()
        case .caller: caller.increment()
        }
    }
}
