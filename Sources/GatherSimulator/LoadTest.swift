/// Many calls at once, at most `concurrency` in flight: the simulator as a load test.
public struct LoadTest: Sendable {
    /// Calls to place.
    public let calls: Int
    /// Calls in flight at once.
    public let concurrency: Int

    /// A run of `calls` calls, `concurrency` at a time.
    public init(calls: Int, concurrency: Int) {
        self.calls = max(1, calls)
        self.concurrency = max(1, min(concurrency, calls))
    }

    /// Places every call with `placeCall` (which says whether the call succeeded); `progress`
    /// sees the running totals after each call.
    public func run(
        placeCall: @escaping @Sendable (Int) async -> (CallResult, succeeded: Bool),
        progress: @escaping @Sendable (_ completed: Int, _ failed: Int) -> Void = { _, _ in }
    ) async -> LoadReport {
        var report = LoadReport()
        await withTaskGroup(of: (CallResult, Bool).self) { group in
            var started = 0
            while started < concurrency {
                let index = started
                group.addTask { await placeCall(index) }
                started += 1
            }
            for await (result, succeeded) in group {
                report.add(result, failed: !succeeded)
                progress(report.calls, report.failedCalls)
                if started < calls {
                    let index = started
                    group.addTask { await placeCall(index) }
                    started += 1
                }
            }
        }
        return report
    }
}
