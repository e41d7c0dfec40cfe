import EncryptedGather
import MetricsTestKit
import Testing

/// `encrypted_gather_calls_total`: a step is labelled as the flow handles it, never as the query
/// spelled it, and every outcome is counted.
@Suite struct CallMetricsTests {
    func total(_ metrics: TestMetrics, step: String, outcome: String) throws -> Int64 {
        try metrics.expectCounter(CallMetrics.name, [("step", step), ("outcome", outcome)]).totalValue
    }

    @Test func eachStepOfTheFlowAndProcessDataHasItsPossibleOutcomesReadyAtZero() throws {
        let metrics = TestMetrics()
        _ = CallMetrics(flow: try Fixture.shippedFlow("card-payment"), factory: metrics)
        #expect(try total(metrics, step: "getCardNumber", outcome: "asked") == 0)
        #expect(try total(metrics, step: "getExpiry", outcome: "reasked_invalid") == 0)
        #expect(try total(metrics, step: "processData", outcome: "verifier_timed_out") == 0)
        // The first step only ever asks; only processData hears from the verifier.
        #expect(metrics.counters(label: CallMetrics.name, dimensions: [("step", "getCardNumber"), ("outcome", "gave_up")]).isEmpty)
        #expect(metrics.counters(label: CallMetrics.name, dimensions: [("step", "getExpiry"), ("outcome", "verified")]).isEmpty)
        let steps = Set(metrics.counters(label: CallMetrics.name).compactMap { $0.dimensions.first { $0.0 == "step" }?.1 })
        #expect(steps == ["getCardNumber", "getExpiry", "getSecurityCode", "processData"])
    }

    @Test func anUnknownOrMissingStepIsCountedAsTheFirstNeverAsWritten() throws {
        let metrics = TestMetrics()
        let calls = CallMetrics(flow: .tutorial, factory: metrics)
        calls.count(step: nil, outcome: .asked("card"))
        calls.count(step: "1234", outcome: .asked("card"))
        calls.count(step: "getPin", outcome: .reasked("pin", .invalid("length")))
        calls.count(step: "processData", outcome: .verifierUnavailable(.timedOut))
        #expect(try total(metrics, step: "getLast4CC", outcome: "asked") == 2)
        #expect(try total(metrics, step: "getPin", outcome: "reasked_invalid") == 1)
        #expect(try total(metrics, step: "processData", outcome: "verifier_timed_out") == 1)
        #expect(metrics.counters(label: CallMetrics.name).allSatisfy { !$0.dimensions.contains { $0.1 == "1234" } })
    }

    @Test func anOutcomeOutsideTheTableIsStillCounted() throws {
        let metrics = TestMetrics()
        CallMetrics(flow: .tutorial, factory: metrics).count(step: "getLast4CC", outcome: .verified)
        #expect(try total(metrics, step: "getLast4CC", outcome: "verified") == 1)
    }
}
