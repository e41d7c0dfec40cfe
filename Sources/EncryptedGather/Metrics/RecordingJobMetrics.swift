import CoreMetrics

/// `encrypted_gather_recording_jobs_total{state}`: what became of RecordingStatusCallbacks and
/// their jobs.
public struct RecordingJobMetrics: Sendable {
    /// The metric's name.
    public static let name = "encrypted_gather_recording_jobs_total"

    /// The `state` label.
    public enum State: String, Sendable, CaseIterable {
        /// A callback's job was journaled for download.
        case accepted
        /// A job was picked up from the journal at start.
        case resumed
        /// A callback for a recording already decrypted, or already being downloaded: not fetched again.
        case repeated
        /// A callback (or a journal entry) that can never be processed.
        case refused
        /// A download or decryption failed and will be tried again.
        case retried
        /// The recording was decrypted to `RECORDINGS_DIR`.
        case decrypted
        /// Given up: the job is kept in the journal's `failed/` folder.
        case failed
    }

    /// Counts nothing: for a pipeline built without metrics.
    public static let disabled = RecordingJobMetrics(factory: NOOPMetricsHandler.instance)

    private let counters: [Counter]

    /// Counters from `factory`, one per state.
    public init(factory: any MetricsFactory) {
        counters = State.allCases.map { Counter(label: Self.name, dimensions: [("state", $0.rawValue)], factory: factory) }
    }

    /// Counts one job reaching `state`.
    public func count(_ state: State) {
        counters[State.allCases.firstIndex(of: state)!].increment()
    }
}
