import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request is still arriving `timeout` after its head did: a client
/// that trickles a body (slow loris) would otherwise hold the connection, and a task, for as long
/// as it likes. Hummingbird's idle time-out covers the time before a head and between requests.
final class RequestReadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    /// When the head of the request still arriving came; `nil` between requests.
    private var headArrived: NIODeadline?
    /// One pending check per connection rather than a task scheduled and cancelled per request:
    /// on a kept-alive connection answering thousands of requests a second that was ~2 % of the
    /// server's CPU.
    private var check: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            let now = NIODeadline.now()
            headArrived = now
            if check == nil { scheduleCheck(at: now + timeout, context: context) }
        case .end:
            headArrived = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    /// At `deadline`: closes the connection if the request arriving then came `timeout` ago or
    /// more, waits for a later one's deadline, or (between requests) stops checking.
    private func scheduleCheck(at deadline: NIODeadline, context: ChannelHandlerContext) {
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = bound.value
            handler.check = nil
            guard let arrived = handler.headArrived else { return }
            if arrived + handler.timeout <= .now() {
                context.close(promise: nil)
            } else {
                handler.scheduleCheck(at: arrived + handler.timeout, context: context)
            }
        }
    }

    private func stopChecking() {
        check?.cancel()
        check = nil
        headArrived = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopChecking()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopChecking()
    }
}
