import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The review kept 600 idle connections open past 60 s. A connection that sends nothing, trickles
/// its headers or trickles its body is now cut off, and the server's own answers are untouched.
@Suite struct ConnectionLimitTests {
    static let limits = ConnectionLimits(idleTimeoutSeconds: 1, readTimeoutSeconds: 1, maximumConnections: 100)

    func withServer(limits: ConnectionLimits = Self.limits, _ body: @Sendable @escaping (Int) async throws -> Void) async throws {
        var configuration = TestServer.configuration()
        configuration.connections = limits
        let app = try await TestServer.application(configuration: configuration)
        try await app.test(.live) { client in try await body(client.port!) }
    }

    @Test func anIdleConnectionIsClosed() async throws {
        try await withServer { port in
            let seconds = await RawConnection.secondsUntilClosed(port: port, sending: [], trickle: nil, limit: 6)
            #expect(seconds.map { $0 < 4 } == true, "still open after 6 s")
        }
    }

    @Test func aClientTricklingItsHeadersIsCutOff() async throws {
        try await withServer { port in
            let head = Array("POST /encrypted-gather HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)
            let seconds = await RawConnection.secondsUntilClosed(port: port, sending: head, trickle: UInt8(ascii: "X"), limit: 6)
            #expect(seconds.map { $0 < 4 } == true, "still open after 6 s")
        }
    }

    @Test func aClientTricklingItsBodyIsCutOff() async throws {
        try await withServer { port in
            let head = Array("POST /decrypt-gather HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{".utf8)
            let seconds = await RawConnection.secondsUntilClosed(port: port, sending: head, trickle: UInt8(ascii: " "), limit: 6)
            #expect(seconds.map { $0 < 4 } == true, "still open after 6 s")
        }
    }

    /// The time-out runs from each request's own head: a kept-alive connection's second request
    /// gets its full second, and is cut off when it trickles.
    @Test func aKeptAliveConnectionsLaterRequestIsTimedFromItsOwnHead() async throws {
        // An idle time-out well past the pause, so only the read time-out can close it.
        try await withServer(limits: ConnectionLimits(idleTimeoutSeconds: 5, readTimeoutSeconds: 1, maximumConnections: 100)) { port in
            let first = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
            let second = Array("POST /decrypt-gather HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{".utf8)
            let seconds = await RawConnection.secondsUntilClosed(
                port: port, sending: first, then: (after: 0.7, sending: second), trickle: UInt8(ascii: " "), limit: 6)
            #expect(seconds.map { $0 >= 1.6 && $0 < 4 } == true, "closed after \(seconds.map { "\($0) s" } ?? "more than 6 s")")
        }
    }

    /// The review's client: requests pipelined on a socket that never reads, so their answers
    /// fill it and the server's writes wait. Without a time-out on that wait the connection held
    /// its slot (and its task) for as long as the client liked.
    @Test func aClientThatStopsTakingItsAnswersIsCutOff() async throws {
        try await withServer { port in
            // Each answer is the README page, about 100 KB: 200 of them are far more than the
            // socket's buffers hold.
            let requests = 200
            let request = Array("GET /readme HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
            let outcome = await RawConnection.answersUntilClosed(
                port: port, sending: Array((0..<requests).map { _ in request }.joined()), pause: 3, limit: 10)
            #expect(outcome.closed, "still open 10 s after the client started reading")
            #expect(outcome.answers < requests, "all \(requests) answers arrived: the server waited for the client")
        }
    }

    @Test func aPromptRequestIsStillAnswered() async throws {
        try await withServer { port in
            let request = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
            let answer = await RawConnection.exchange(port: port, sending: request)
            #expect(answer.hasPrefix("HTTP/1.1 200"))
        }
    }

    /// Run against the real executable: Hummingbird's test harness drops the connection cap
    /// (`ApplicationConfiguration.with(address:)` does not carry it over).
    @Test func connectionsOverTheCapWaitUntilOthersClose() async throws {
        try await ServeProcess.withDevServer(environment: ["MAX_CONNECTIONS": "2", "IDLE_TIMEOUT": "2"]) { port in
            let outcome = try await RawConnection.answerBehindIdleConnections(port: port, count: 2, path: "/healthz")
            #expect(outcome.answer.hasPrefix("HTTP/1.1 200"))
            #expect(outcome.closed.count == 2)
            // Served only once an idle connection had been closed by the idle time-out.
            if let first = outcome.closed.min() {
                #expect(outcome.answered >= first, "answered \(first - outcome.answered) before the first idle connection closed")
            }
        }
    }

    @Test func theLimitsAreSettings() throws {
        let limits = try ConnectionLimits(settings: Settings(environment: ["IDLE_TIMEOUT": "5", "READ_TIMEOUT": "3", "MAX_CONNECTIONS": "50"]))
        #expect(limits == ConnectionLimits(idleTimeoutSeconds: 5, readTimeoutSeconds: 3, maximumConnections: 50))
        #expect(try ConnectionLimits(settings: Settings()) == ConnectionLimits())
        let error = #expect(throws: ConfigurationError.self) { try ConnectionLimits(settings: Settings(environment: ["MAX_CONNECTIONS": "0"])) }
        #expect(error?.description == "MAX_CONNECTIONS is invalid (0): expected connections from 1 to 100000")
    }
}

/// A TCP client written with plain sockets on a thread of its own, so it can misbehave as a slow
/// loris does without blocking the test's tasks.
enum RawConnection {
    /// Sends `sending`, then one `trickle` byte every 200 ms; the seconds until the server closes
    /// the connection, or `nil` if it is still open after `limit` seconds.
    /// With `then`, sends its bytes that many seconds in, and only then starts to trickle.
    static func secondsUntilClosed(
        port: Int, sending: [UInt8], then later: (after: Double, sending: [UInt8])? = nil, trickle: UInt8?, limit: Double
    ) async -> Double? {
        await onThread {
            let fd = connectLoopback(port: port)
            defer { close(fd) }
            guard fd >= 0 else { return 0 }
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            _ = sending.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            let started = Date()
            var buffer = [UInt8](repeating: 0, count: 4096)
            var sentLater = false
            while Date().timeIntervalSince(started) < limit {
                let received = recv(fd, &buffer, buffer.count, 0)
                if received == 0 { return Date().timeIntervalSince(started) }
                if received < 0, errno != EAGAIN, errno != EWOULDBLOCK { return Date().timeIntervalSince(started) }
                if let later, Date().timeIntervalSince(started) < later.after { continue }
                if let later, !sentLater {
                    sentLater = true
                    _ = later.sending.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    continue
                }
                if let trickle {
                    var byte = trickle
                    if send(fd, &byte, 1, Int32(MSG_NOSIGNAL)) < 0 { return Date().timeIntervalSince(started) }
                }
            }
            return nil
        }
    }

    /// A connected socket that sends nothing.
    static func open(port: Int) async -> Int32 {
        await onThread { connectLoopback(port: port) }
    }

    /// When the server closed `fd` (which is then closed here too), or `nil` after `limit` seconds.
    static func closedAt(_ fd: Int32, limit: Double) async -> ContinuousClock.Instant? {
        await onThread {
            defer { close(fd) }
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let started = Date()
            var buffer = [UInt8](repeating: 0, count: 64)
            while Date().timeIntervalSince(started) < limit {
                let received = recv(fd, &buffer, buffer.count, 0)
                if received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return ContinuousClock.now }
            }
            return nil
        }
    }

    /// Opens `count` connections that send nothing, waits a second for the server to accept them
    /// (NIO accepts a few at a wake-up; 300 ms once was too little on a loaded machine), then
    /// GETs `path` on one more: the answer, when it came, and when each idle one was closed
    /// (within 8 s).
    static func answerBehindIdleConnections(
        port: Int, count: Int, path: String
    ) async throws -> (answer: String, answered: ContinuousClock.Instant, closed: [ContinuousClock.Instant]) {
        var idle: [Int32] = []
        for _ in 0..<count { idle.append(await open(port: port)) }
        try await Task.sleep(for: .seconds(1))
        let closes = idle.map { fd in Task { await closedAt(fd, limit: 8) } }
        let answer = await exchange(port: port, sending: Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        let answered = ContinuousClock.now
        var closed: [ContinuousClock.Instant] = []
        for close in closes { if let instant = await close.value { closed.append(instant) } }
        return (answer, answered, closed)
    }

    /// Sends `sending` at once on a socket with a small receive buffer, reads nothing for
    /// `pause` seconds, then reads until the server closes: the whole answers that arrived, and
    /// whether it closed within `limit` seconds of the reading.
    static func answersUntilClosed(port: Int, sending: [UInt8], pause: Double, limit: Double) async -> (answers: Int, closed: Bool) {
        await onThread {
            let fd = connectLoopback(port: port, receiveBuffer: 4096)
            defer { close(fd) }
            guard fd >= 0 else { return (0, false) }
            _ = sending.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            Thread.sleep(forTimeInterval: pause)
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let started = Date()
            var received = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while Date().timeIntervalSince(started) < limit {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return (wholeAnswers(in: received), true) }
                if count > 0 { received += buffer[0..<count] }
            }
            return (wholeAnswers(in: received), false)
        }
    }

    /// The answers in `bytes` that arrived whole, each a head and its `Content-Length` of body.
    private static func wholeAnswers(in bytes: [UInt8]) -> Int {
        let separator = Array("\r\n\r\n".utf8)
        var answers = 0
        var start = 0
        while let headEnd = bytes[start...].firstRange(of: separator)?.upperBound {
            let head = String(decoding: bytes[start..<headEnd], as: UTF8.self).lowercased()
            guard let match = head.firstMatch(of: /content-length: *(\d+)/), let length = Int(match.output.1),
                  headEnd + length <= bytes.count
            else { break }
            answers += 1
            start = headEnd + length
        }
        return answers
    }

    /// Sends a whole request and reads the answer until the server closes.
    static func exchange(port: Int, sending: [UInt8]) async -> String {
        await onThread {
            let fd = connectLoopback(port: port)
            defer { close(fd) }
            _ = sending.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            var answer = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let received = recv(fd, &buffer, buffer.count, 0)
                if received <= 0 { break }
                answer += buffer[0..<received]
            }
            return String(decoding: answer, as: UTF8.self)
        }
    }

    private static func connectLoopback(port: Int, receiveBuffer: Int32? = nil) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer {
            // Before connecting, so the window offered to the server is small from the start.
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return connected == 0 ? fd : -1
    }

    private static func onThread<T: Sendable>(_ body: @Sendable @escaping () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }
}

/// `encrypted-gather serve --dev` as a child process in a fresh folder, for what only the real
/// listener does.
enum ServeProcess {
    static func withDevServer(environment: [String: String], _ body: @Sendable (Int) async throws -> Void) async throws {
        let server = try ChildProcess(["serve", "--dev", "--port", "0"], environment: environment, in: TestServer.temporaryDirectory())
        defer { server.stop() }
        try await body(try await server.port())
    }
}
