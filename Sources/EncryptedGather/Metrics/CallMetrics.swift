import CoreMetrics

/// `encrypted_gather_calls_total{step,outcome}`: every webhook step answered. The counters of
/// every outcome a step can have are made up front, so counting a request is a dictionary look-up
/// and an atomic add, a dashboard sees zeros rather than gaps, and a label can only ever be a step
/// the flow defines.
public struct CallMetrics: Sendable {
    /// The metric's name.
    public static let name = "encrypted_gather_calls_total"

    private let counters: [String: [Counter?]]
    private let firstStep: String
    private let firstRow: [Counter?]
    private let factory: any MetricsFactory

    /// Counters for `flow`'s steps (each field's, then `processData`) from `factory`.
    public init(flow: Flow, factory: any MetricsFactory) {
        let steps = flow.fields.map(\.step) + [Flow.finalStep]
        var counters: [String: [Counter?]] = [:]
        for (index, step) in steps.enumerated() {
            let possible = Self.outcomes(ofStepAt: index, of: steps.count)
            counters[step] = CallOutcome.allCases.map { outcome in
                possible.contains(outcome) ? Self.counter(step: step, outcome: outcome, factory: factory) : nil
            }
        }
        self.counters = counters
        self.firstStep = steps[0]
        self.firstRow = counters[steps[0]]!
        self.factory = factory
    }

    /// Counts a request whose `step` query parameter was `step` and which ended in `outcome`.
    /// An unknown or absent step is counted as the first field's, as `Flow.resolvedStep` handles it.
    public func count(step: String?, outcome: GatherOutcome) {
        let (step, row) = step.flatMap { step in counters[step].map { (step, $0) } } ?? (firstStep, firstRow)
        let outcome = CallOutcome(outcome)
        // An outcome no step of this kind should have is still counted, just not from the table.
        let counter = row[outcome.rawValue] ?? Self.counter(step: step, outcome: outcome, factory: factory)
        counter.increment()
    }

    /// What the step at `index` of `count` can end in: the first only asks; a field's step asks
    /// for the next field, again, or gives up; `processData` (the last) asks the verifier.
    static func outcomes(ofStepAt index: Int, of count: Int) -> Set<CallOutcome> {
        guard index > 0 else { return [.asked] }
        let retrying: Set<CallOutcome> = [.reaskedTimeout, .reaskedInvalid, .gaveUp, .rejectedCiphertext]
        guard index == count - 1 else { return retrying.union([.asked]) }
        return retrying.union([.verified, .notFound, .verifierTimedOut, .verifierUnavailable])
    }

    private static func counter(step: String, outcome: CallOutcome, factory: any MetricsFactory) -> Counter {
        Counter(label: name, dimensions: [("step", step), ("outcome", outcome.label)], factory: factory)
    }
}
