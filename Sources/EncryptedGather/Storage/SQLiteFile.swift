import CSQLite
import NIOCore
import NIOPosix
import Synchronization

/// One SQLite file, used from one thread of its own.
///
/// Every store operation is a single hop to that thread, however many statements it runs: a
/// verification's transaction (used ciphertext, lockout records, look-up, counts) costs one
/// thread switch, not one per statement. Operations run one at a time, in order, so a
/// transaction never sees another's statements in between. SQLite's own file locks (and
/// `busy_timeout`) order this process against another one on the same file.
///
/// Transactions that queue up while one runs are committed together (group commit): each in a
/// savepoint of its own, so one that fails is rolled back alone, and none is answered before the
/// shared commit. Under load that is one write-ahead-log append and one round of file locks for
/// many verifications instead of one each.
final class SQLiteFile: @unchecked Sendable {
    // `handle` and `statements` are only touched on `thread`.
    private let handle: OpaquePointer
    private let thread: NIOThreadPool
    private var statements: [String: OpaquePointer] = [:]
    private var isClosed = false
    private let path: String
    private var checkpointer: Checkpointer?
    /// Transactions committed so far (several operations may share one).
    private(set) var commits = 0
    /// Operations waiting for the thread, and whether a drain of them is on its way.
    private let queue = Mutex<(operations: [any Operation], isDraining: Bool)>(([], false))

    private init(handle: OpaquePointer, thread: NIOThreadPool, path: String) {
        self.handle = handle
        self.thread = thread
        self.path = path
    }

    /// Opens (creating if needed) the file at `path`.
    static func open(path: String) async throws -> SQLiteFile {
        let handle = try await openHandle(path: path)
        return SQLiteFile(handle: handle.handle, thread: handle.thread, path: path)
    }

    private static func openHandle(path: String) async throws -> (handle: OpaquePointer, thread: NIOThreadPool) {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        do {
            let handle = try await thread.runIfActive { () throws -> UnsafeHandle in
                var handle: OpaquePointer?
                let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
                guard code == SQLITE_OK, let handle else {
                    let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
                    sqlite3_close(handle)
                    throw SQLiteError(message: message)
                }
                // Several processes (the server, `accounts add`) may open the file at once.
                sqlite3_busy_timeout(handle, 5000)
                return UnsafeHandle(pointer: handle)
            }
            return (handle.pointer, thread)
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
    }

    /// Runs `body` on the file's thread; no other operation runs until it returns.
    func run<T: Sendable>(_ body: @escaping @Sendable (SQLiteFile) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(Job(inTransaction: false, body: body, continuation: continuation))
        }
    }

    /// Runs `body` on the file's thread inside an immediate transaction (the write lock held from
    /// its first read): its changes are kept if it returns and rolled back if it throws, and it
    /// returns once they are committed. `body` must not begin or end a transaction itself.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLiteFile) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(Job(inTransaction: true, body: body, continuation: continuation))
        }
    }

    private func enqueue(_ operation: any Operation) {
        let startsDrain = queue.withLock { queue in
            queue.operations.append(operation)
            defer { queue.isDraining = true }
            return !queue.isDraining
        }
        guard startsDrain else { return }
        thread.submit { [self] state in
            guard state == .active else {
                let stranded = queue.withLock { queue in
                    defer { queue = ([], false) }
                    return queue.operations
                }
                for operation in stranded { operation.complete(failing: SQLiteError(message: "the database is closed")) }
                return
            }
            drain()
        }
    }

    /// Runs what is queued, and what queues meanwhile, until nothing is left.
    private func drain() {
        while true {
            let operations = queue.withLock { queue in
                defer { queue.operations = [] }
                if queue.operations.isEmpty { queue.isDraining = false }
                return queue.operations
            }
            guard !operations.isEmpty else { return }
            guard !isClosed else {
                // The handle is gone: nothing may touch it.
                for operation in operations { operation.complete(failing: SQLiteError(message: "the database is closed")) }
                continue
            }
            var index = 0
            while index < operations.count {
                guard operations[index].inTransaction else {
                    operations[index].run(self)
                    operations[index].complete(failing: nil)
                    index += 1
                    continue
                }
                var end = index + 1
                while end < operations.count, operations[end].inTransaction { end += 1 }
                commitTogether(operations[index..<end])
                index = end
            }
        }
    }

    private func commitTogether(_ group: ArraySlice<any Operation>) {
        func failAll(_ error: any Error) {
            for operation in group { operation.complete(failing: error) }
        }
        do {
            try execute("BEGIN IMMEDIATE")
        } catch {
            return failAll(error)
        }
        if group.count == 1, let only = group.first {
            if only.run(self) {
                do { try execute("COMMIT") } catch {
                    _ = try? execute("ROLLBACK")
                    return failAll(error)
                }
                commits += 1
            } else {
                _ = try? execute("ROLLBACK")
            }
            return only.complete(failing: nil)
        }
        for operation in group {
            do {
                try execute("SAVEPOINT operation")
                if !operation.run(self) { try execute("ROLLBACK TO operation") }
                try execute("RELEASE operation")
            } catch {
                // A savepoint that cannot be taken back leaves the transaction in doubt: none of it is kept.
                _ = try? execute("ROLLBACK")
                return failAll(error)
            }
        }
        do {
            try execute("COMMIT")
        } catch {
            _ = try? execute("ROLLBACK")
            return failAll(error)
        }
        commits += 1
        for operation in group { operation.complete(failing: nil) }
    }

    /// Runs one statement with `binds` and returns its rows. Only inside `run`. Statements are
    /// prepared once and kept.
    @discardableResult
    func execute(_ sql: String, _ binds: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(statement, index, number)
            case .text(let text): code = sqlite3_bind_text(statement, index, text, -1, Self.transient)
            case .null: code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw error(code) }
            let columns = sqlite3_column_count(statement)
            var row: [SQLiteValue] = []
            row.reserveCapacity(Int(columns))
            for column in 0..<columns {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_NULL: row.append(.null)
                default: row.append(.text(sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""))
                }
            }
            rows.append(row)
        }
    }

    /// Moves write-ahead-log checkpoints off this file's thread: a second connection copies the
    /// log into the database (a passive checkpoint, which never blocks a writer) whenever a commit
    /// leaves `backgroundCheckpointPages` or more in it. Inline, every such checkpoint and its
    /// fsync would stall the verifications queued behind the commit that crossed the mark.
    ///
    /// The log only starts over once a checkpoint has copied all of it, which a checkpoint running
    /// beside a steady stream of commits may never do: at `inlineCheckpointPages` the committing
    /// connection checkpoints inline, with little left to copy, and the log starts over. Only in
    /// WAL mode.
    func checkpointInBackground() async throws {
        let connection = try await Self.openHandle(path: path)
        let handle = UnsafeHandle(pointer: connection.handle)
        let checkpointer = Checkpointer(handle: connection.handle, thread: connection.thread)
        do {
            // A connection learns that the file is in WAL mode from its first read; until then
            // its checkpoints do nothing.
            _ = try await connection.thread.runIfActive { sqlite3_exec(handle.pointer, "SELECT count(*) FROM sqlite_master", nil, nil, nil) }
            try await run { file in
                file.checkpointer = checkpointer
                sqlite3_wal_hook(file.handle, { context, handle, name, pages in
                    if pages >= SQLiteFile.inlineCheckpointPages {
                        sqlite3_wal_checkpoint_v2(handle, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                    } else if pages >= SQLiteFile.backgroundCheckpointPages, let context {
                        Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue().request()
                    }
                    return SQLITE_OK
                }, Unmanaged.passUnretained(checkpointer).toOpaque())
            }
        } catch {
            await checkpointer.close()
            throw error
        }
    }

    /// Checkpoints the second connection has run to the end. Only inside `run`.
    var backgroundCheckpoints: Int { checkpointer?.completed.load(ordering: .relaxed) ?? 0 }

    /// From this many pages (16 MiB) in the log, a commit asks for a background checkpoint.
    /// Every checkpoint writes each page it copies once, however often it changed since the last,
    /// and syncs twice: under `scripts/bench`'s /decrypt-gather, checkpointing at 4,000 pages
    /// rather than 1,000 halved the checkpointer's CPU per verification (16 -> 8 us).
    static let backgroundCheckpointPages: Int32 = 4000
    /// From this many pages (64 MiB), the committing connection checkpoints inline.
    static let inlineCheckpointPages: Int32 = 16000
    /// The size the log is cut back to when it starts over: its size at the inline mark (a
    /// 32-byte header, then 4 KiB pages with 24-byte frame headers). A log that commits keep
    /// ahead of the checkpointer grows to that mark cycle after cycle: a lower limit would cut it
    /// and regrow it every time. Beyond it, only after a spike (a reader holding checkpoints back).
    static let logSizeLimit = 32 + Int(inlineCheckpointPages) * (4096 + 24)

    /// Closes the file; later operations throw. Runs even from a cancelled task (shutdown).
    func close() async {
        let thread = thread
        await Task {
            // The checkpointer first: the last connection to close checkpoints the whole log.
            let background = try? await thread.runIfActive { [self] in
                sqlite3_wal_hook(handle, nil, nil)
                return checkpointer
            }
            await background?.close()
            _ = try? await thread.runIfActive { [self] in
                guard !isClosed else { return }
                isClosed = true
                for statement in statements.values { sqlite3_finalize(statement) }
                statements = [:]
                sqlite3_close(handle)
            }
            try? await thread.shutdownGracefully()
        }.value
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code) }
        statements[sql] = statement
        return statement
    }

    private func error(_ code: Int32) -> SQLiteError {
        SQLiteError(message: "\(String(cString: sqlite3_errmsg(handle))) (code \(code))")
    }

    /// SQLite copies a bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private struct UnsafeHandle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// The loops of `MultiThreadedEventLoopGroup.singleton`, where the server's requests run.
    private static let singletonLoops = Set(MultiThreadedEventLoopGroup.singleton.makeIterator().map { ObjectIdentifier($0) })

    /// An operation waiting for the thread.
    private protocol Operation: Sendable {
        var inTransaction: Bool { get }
        /// Runs the body and keeps its outcome; false when it threw.
        @discardableResult func run(_ file: SQLiteFile) -> Bool
        /// Answers the caller: with the kept outcome, or `error` when the operation's commit failed.
        func complete(failing error: (any Error)?)
    }

    private final class Job<T: Sendable>: Operation, @unchecked Sendable {
        // `outcome` is only touched on the file's thread.
        let inTransaction: Bool
        private let body: @Sendable (SQLiteFile) throws -> T
        private let continuation: CheckedContinuation<T, any Error>
        /// The event loop the caller waits on, if any: the caller is resumed there rather than
        /// on whichever loop the global executor picks next. A request handler then carries on
        /// on its connection's loop, and its answer is written without another thread hop.
        private let callerLoop: (any EventLoop)?
        private var outcome: Result<T, any Error> = .failure(SQLiteError(message: "the operation did not run"))

        init(inTransaction: Bool, body: @escaping @Sendable (SQLiteFile) throws -> T, continuation: CheckedContinuation<T, any Error>) {
            self.inTransaction = inTransaction
            self.body = body
            self.continuation = continuation
            // Only a loop of the process-wide group, which is never shut down: a loop that had
            // shut down would drop the resumption, and the caller would wait for ever.
            self.callerLoop = MultiThreadedEventLoopGroup.currentEventLoop.flatMap {
                SQLiteFile.singletonLoops.contains(ObjectIdentifier($0)) ? $0 : nil
            }
        }

        func run(_ file: SQLiteFile) -> Bool {
            outcome = file.isClosed ? .failure(SQLiteError(message: "the database is closed")) : Result { try body(file) }
            if case .success = outcome { return true }
            return false
        }

        func complete(failing error: (any Error)?) {
            let result = error.map { .failure($0) } ?? outcome
            guard let callerLoop else { return continuation.resume(with: result) }
            callerLoop.execute { [continuation] in continuation.resume(with: result) }
        }
    }
}

/// The second connection that checkpoints the write-ahead log, on a thread of its own.
private final class Checkpointer: @unchecked Sendable {
    // `handle` is only touched on `thread`.
    private let handle: OpaquePointer
    private let thread: NIOThreadPool
    private let isRequested = Atomic(false)
    /// Checkpoints run to the end so far (each copies what it can; the log may not start over).
    let completed = Atomic(0)

    init(handle: OpaquePointer, thread: NIOThreadPool) {
        self.handle = handle
        self.thread = thread
    }

    /// Starts a checkpoint unless one is waiting already. Called on the writer's thread: never waits.
    func request() {
        guard !isRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        thread.submit { [self] state in
            isRequested.store(false, ordering: .releasing)
            guard state == .active else { return }
            if sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil) == SQLITE_OK {
                completed.add(1, ordering: .relaxed)
            }
        }
    }

    func close() async {
        _ = try? await thread.runIfActive { [self] in sqlite3_close(handle) }
        try? await thread.shutdownGracefully()
    }
}

/// A value SQLite stores or returns.
enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case null

    var integer: Int64? {
        if case .integer(let number) = self { number } else { nil }
    }

    var text: String? {
        if case .text(let text) = self { text } else { nil }
    }
}

/// SQLite's message for a failed statement: binds are never in it.
struct SQLiteError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
