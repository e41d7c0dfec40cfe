/// Where recording jobs wait between Twilio's callback and their decrypted file: durable, one job
/// per RecordingSid, each worked on by one instance at a time under a lease.
public protocol RecordingJobStore: Sendable {
    /// Whether other instances take jobs from this store too: then the pipeline polls it, and a
    /// job held by an instance that died is taken by another once its lease runs out.
    var isShared: Bool { get }

    /// Keeps `job` durably until it is done or given up on. A repeated callback for a job still
    /// pending leaves one job. False when the recording was done before: nothing to fetch again.
    func enqueue(_ job: RecordingJob) async throws -> Bool

    /// Up to `limit` due jobs that nobody holds (and not among `excluding`, this instance's own),
    /// each now held by this instance for `lease`.
    func claim(limit: Int, excluding: Set<String>, lease: Duration) async throws -> [RecordingJob]

    /// Holds a job for another `lease` while it is being worked on; false when this instance no
    /// longer holds it.
    func renew(_ recordingSid: String, lease: Duration) async throws -> Bool

    /// Saves a job's attempts and last failure; it stays held, waiting to be tried again.
    func update(_ job: RecordingJob) async throws

    /// The recording is decrypted: the job is done, and a repeated callback is not fetched again.
    func complete(_ recordingSid: String) async throws

    /// The job cannot succeed: kept aside with its reason (`lastError`) for the operator.
    func fail(_ job: RecordingJob) async throws

    /// Lets go of a job this instance will not finish (it is shutting down), as it was.
    func release(_ recordingSid: String) async throws
}
