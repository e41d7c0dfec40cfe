// hello-nio PORT: SwiftNIO's HTTP/1 pipeline with one synchronous handler that answers every
// request without work: what the event loops cost without Hummingbird's async request path.
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

final class NoWorkAnswer: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let body = ByteBuffer(string: #"{"status":"ok"}"#)
        let headers: HTTPHeaders = ["content-length": "\(body.readableBytes)", "content-type": "application/json"]
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

guard CommandLine.arguments.count == 2, let port = Int(CommandLine.arguments[1]) else {
    print("usage: hello-nio PORT")
    exit(2)
}
let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelInitializer { channel in
        channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(NoWorkAnswer()) }
    }
    .bind(host: "127.0.0.1", port: port).get()
try await channel.closeFuture.get()
