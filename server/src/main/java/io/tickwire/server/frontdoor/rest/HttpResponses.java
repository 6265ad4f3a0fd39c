package io.tickwire.server.frontdoor.rest;

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
import java.nio.charset.StandardCharsets;

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
        send(ctx, request, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body)),
                contentType, body.length, keepAliveOnError);
    }

    /**
     * 429 {@code rate_limited}, with {@code retry_after_ms} in the body and a {@code Retry-After}
     * header in whole seconds (at least 1), as HTTP has it. {@code keepAlive}: the connection stays
     * open (a busy engine); otherwise it closes and says so (a client over its request rate, whose
     * pipelined requests after this one never ran).
     */
    public static void tooManyRequests(ChannelHandlerContext ctx, FullHttpRequest request, String message,
                                       long retryAfterMs, boolean keepAlive) {
        retryLater(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited", message, retryAfterMs,
                keepAlive);
    }

    /**
     * Answers 503 {@code unavailable} with {@code Retry-After} (whole seconds, rounded up) and
     * {@code retry_after_ms}, keeping the connection: the node is busy, not the client at fault.
     */
    public static void unavailable(ChannelHandlerContext ctx, FullHttpRequest request, String message,
                                   long retryAfterMs) {
        retryLater(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", message, retryAfterMs, true);
    }

    /** An error whose client should come back: {@code retry_after_ms} and {@code Retry-After} in whole seconds. */
    private static void retryLater(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                   String code, String message, long retryAfterMs, boolean keepAlive) {
        byte[] body = ("{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'")
                + "; retry after " + retryAfterMs + " ms\",\"retry_after_ms\":" + retryAfterMs + "}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.RETRY_AFTER, Math.max(1, (retryAfterMs + 999) / 1000));
        send(ctx, request, response, HttpHeaderValues.APPLICATION_JSON, body.length, keepAlive);
    }

    /**
     * Sends a response the caller has built (headers of its own, a body or none), with its
     * content type and {@code contentLength}: the body's length, or for a {@code HEAD} the length
     * a {@code GET} would have had. Keeps or closes the connection as {@link #send} does.
     */
    public static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response,
                            CharSequence contentType, int contentLength, boolean keepAliveOnError) {
        HttpResponseStatus status = response.status();
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, contentLength);
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
