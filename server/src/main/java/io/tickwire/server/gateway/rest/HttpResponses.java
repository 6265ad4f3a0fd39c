package io.tickwire.server.gateway.rest;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Writes an HTTP answer, keeping the connection or closing it as the request and the status say. */
public final class HttpResponses {

    private HttpResponses() {
    }

    /**
     * Sends {@code body} as the answer to {@code request}; an error ({@code status >= 400})
     * closes the connection unless {@code keepAliveOnError}. Event loop of {@code ctx}, or any
     * thread (Netty hands the write to the loop).
     */
    public static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                            CharSequence contentType, byte[] body, boolean keepAliveOnError) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, body.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && (keepAliveOnError || status.code() < 400);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            // Said outright, so a client that pipelines knows no later request on this connection ran.
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
