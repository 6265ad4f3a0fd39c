package io.tickwire.server.frontdoor;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Netty's aggregator of an HTTP request and its body, whose answer to a body over the limit is
 * the API's: 413 with the documented JSON ({@code {"code":"too_large",...}}) instead of Netty's
 * empty one, and {@code Connection: close}, as every error outside the API (the rest of the body
 * is never read, so nothing after it on the connection could be). A request that expects
 * {@code 100-continue} with a declared length over the limit gets the same answer before it sends
 * its body.
 */
final class HttpBodyLimit extends HttpObjectAggregator {
    private final byte[] body;

    HttpBodyLimit(int maxBodyBytes) {
        super(maxBodyBytes);
        this.body = ("{\"code\":\"too_large\",\"message\":\"the request body is larger than " + maxBodyBytes
                + " bytes\"}").getBytes(StandardCharsets.UTF_8);
    }

    private FullHttpResponse tooLarge() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, body.length);
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (oversized instanceof HttpRequest) {
            ctx.writeAndFlush(tooLarge()).addListener(ChannelFutureListener.CLOSE);
        } else {
            super.handleOversizedMessage(ctx, oversized);
        }
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof FullHttpResponse response && isTooLarge(response)) {
            response.release();
            return tooLarge();
        }
        return answer;
    }

    @Override
    protected boolean closeAfterContinueResponse(Object response) {
        return (response instanceof FullHttpResponse full && isTooLarge(full))
                || super.closeAfterContinueResponse(response);
    }

    private static boolean isTooLarge(FullHttpResponse response) {
        return response.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code();
    }
}
