package io.tickwire.server.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.server.gateway.rest.HttpResponses;
import java.nio.charset.StandardCharsets;

/**
 * The whole pipeline of a connection over the gateway's limit: its request (a WebSocket upgrade
 * or a REST call) is answered 503 with {@code Connection: close}. The client learns at once that
 * it should back off, instead of hanging on a socket nobody reads.
 */
final class ConnectionRefusedHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final byte[] BODY = ("{\"code\":\"unavailable\",\"message\":\"the server is at its connection"
            + " limit; "
            + "retry with backoff\"}").getBytes(StandardCharsets.UTF_8);

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpResponses.send(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, HttpHeaderValues.APPLICATION_JSON,
                BODY, false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
