import CoreMetrics

/// `encrypted_gather_calls_total{step,outcome}`: every webhook step answered. Every counter is made
/// up front, one per step of the flow and outcome, so counting a request is a dictionary look-up
/// and an atomic add, and a label can only ever be a step the flow defines.
public struct CallMetrics: Sendable {
    /// The metric's name.
    public static let name = "encrypted_gather_calls_total"

    private let counters: [String: [Counter]]
    private let firstStep: [Counter]

    /// Counters for `flow`'s steps (each field's, then `processData`) from `factory`.
    public init(flow: Flow, factory: any MetricsFactory) {
        let steps = flow.fields.map(\.step) + [Flow.finalStep]
        var counters: [String: [Counter]] = [:]
        for step in steps {
            counters[step] = CallOutcome.allCases.map { outcome in
                Counter(label: Self.name, dimensions: [("step", step), ("outcome", outcome.label)], factory: factory)
            }
        }
        self.counters = counters
        self.firstStep = counters[steps[0]]!
    }

    /// Counts a request whose `step` query parameter was `step` and which ended in `outcome`.
    /// An unknown or absent step is counted as the first field's, as `Flow.resolvedStep` handles it.
    public func count(step: String?, outcome: GatherOutcome) {
        let row = step.flatMap { counters[$0] } ?? firstStep
        row[CallOutcome(outcome).rawValue].increment()
    }
}
