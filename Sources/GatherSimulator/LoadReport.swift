import Foundation
import Histogram

/// Latency per step (HdrHistogram, microseconds) and the failed calls of a run.
public struct LoadReport: Sendable {
    /// Calls placed.
    public private(set) var calls = 0
    /// Calls that ended in a Twilio error or missed `--expect`.
    public private(set) var failedCalls = 0
    /// Steps in the order first seen.
    public private(set) var steps: [String] = []
    private var histograms: [String: Histogram<UInt64>] = [:]

    /// An empty report.
    public init() {}

    /// Adds one call's timings; `failed` counts it as failed.
    public mutating func add(_ result: CallResult, failed: Bool) {
        calls += 1
        if failed { failedCalls += 1 }
        for timing in result.timings {
            if histograms[timing.step] == nil {
                steps.append(timing.step)
                var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
                histogram.autoResize = true
                histograms[timing.step] = histogram
            }
            let microseconds = UInt64(max(0, timing.duration.milliseconds * 1000))
            _ = histograms[timing.step]!.record(microseconds)
        }
    }

    /// The value at `percentile` for `step`, in milliseconds.
    public func milliseconds(step: String, percentile: Double) -> Double {
        Double(histograms[step]?.valueAtPercentile(percentile) ?? 0) / 1000
    }

    /// Requests timed for `step`.
    public func count(step: String) -> UInt64 { histograms[step]?.totalCount ?? 0 }

    /// The table printed at the end of a run.
    public var table: String {
        let width = max(12, steps.map(\.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String { String(repeating: " ", count: max(0, count - text.count)) + text }
        func cell(_ value: Double) -> String { pad(String(format: "%.2f", value), 9) }
        var lines = ["\("step".padding(toLength: width, withPad: " ", startingAt: 0))  \(pad("requests", 9)) \(pad("p50 ms", 9)) \(pad("p90 ms", 9)) \(pad("p99 ms", 9)) \(pad("max ms", 9))"]
        for step in steps {
            let max = Double(histograms[step]?.max ?? 0) / 1000
            lines.append("\(step.padding(toLength: width, withPad: " ", startingAt: 0))  \(pad(String(count(step: step)), 9)) \(cell(milliseconds(step: step, percentile: 50))) \(cell(milliseconds(step: step, percentile: 90))) \(cell(milliseconds(step: step, percentile: 99))) \(cell(max))")
        }
        lines.append("calls: \(calls), failed: \(failedCalls)")
        return lines.joined(separator: "\n")
    }
}
