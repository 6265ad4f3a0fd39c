package io.tickwire.server.frontdoor;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.server.frontdoor.rest.HttpResponses;
import java.nio.charset.StandardCharsets;

/**
 * The whole pipeline of a connection the gateway does not serve: over its limit, or before the
 * node is ready (a gateway node that waits for the core's state). Its request (a WebSocket
 * upgrade, a REST call, {@code /health}) is answered 503 with {@code Connection: close}. The client
 * learns at once that it should back off, instead of hanging on a socket nobody reads.
 */
final class ConnectionRefusedHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** The answer over the connection limit. */
    static final String AT_LIMIT = "the server is at its connection limit; retry with backoff";
    /** The answer before the node is ready. */
    static final String STARTING = "the node is starting (it has not its state yet); retry with backoff";

    private final byte[] body;

    ConnectionRefusedHandler(String message) {
        this.body = ("{\"code\":\"unavailable\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpResponses.send(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, HttpHeaderValues.APPLICATION_JSON,
                body, false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
