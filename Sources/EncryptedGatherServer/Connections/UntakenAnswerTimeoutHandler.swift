import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client has stopped taking its answers: once the socket and NIO's
/// buffer are full (the channel not writable) for `timeout`. The request's task would otherwise
/// wait on its write for ever, holding one of `MAX_CONNECTIONS`: Hummingbird's idle time-out does
/// not run while an answer is being written, and the read time-out ends when the request has
/// arrived. A client pipelining requests it never reads the answers to is one such client.
///
/// The channel is writable again only once NIO's buffer has drained below its low-water mark
/// (32 KiB), so a client that does read, but less than that in `timeout` (about 1.6 KB/s at the
/// default 20 s), is cut off too, in a large answer (the README page): no webhook answer is
/// large enough to fill the socket.
final class UntakenAnswerTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    /// The close pending while the channel is not writable.
    private var stall: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stopWaiting()
        } else if stall == nil {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            stall = context.eventLoop.scheduleTask(in: timeout) { bound.value.close(promise: nil) }
        }
        context.fireChannelWritabilityChanged()
    }

    private func stopWaiting() {
        stall?.cancel()
        stall = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopWaiting()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopWaiting()
    }
}
