package io.tickwire.server.frontdoor.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import io.tickwire.codec.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * One REST request and the ways to answer it. Answers are JSON and keep the connection open,
 * errors included: a client's mistake is not a reason to reconnect. Any thread may answer;
 * futures completing elsewhere hop back with {@link #executor()}.
 */
final class RestExchange {
    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final QueryStringDecoder uri;
    private final JsonCodec codec;

    /** Writes one JSON value. */
    @FunctionalInterface
    interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    RestExchange(ChannelHandlerContext ctx, FullHttpRequest request, JsonCodec codec) {
        this.ctx = ctx;
        this.request = request;
        this.uri = new QueryStringDecoder(request.uri());
        this.codec = codec;
    }

    FullHttpRequest request() {
        return request;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    String path() {
        return uri.path();
    }

    Map<String, List<String>> parameters() {
        return uri.parameters();
    }

    /** The connection's event loop. */
    EventExecutor executor() {
        return ctx.executor();
    }

    /** What follows {@code prefix} in the path (a market, a topic, an order id). */
    String pathAfter(String prefix) {
        return path().substring(prefix.length());
    }

    int intParam(String name, int fallback, int min, int max) {
        return (int) longParam(name, fallback, min, max);
    }

    /** A whole-number parameter, {@code fallback} when absent; a bad request outside [min, max]. */
    long longParam(String name, long fallback, long min, long max) {
        List<String> values = parameters().get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(values.get(0));
            if (value < min || value > max) {
                throw new BadRequest(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be an integer");
        }
    }

    /** A parameter's first value, or {@code null}. */
    String param(String name) {
        List<String> values = parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The order id that ends the path. */
    long orderId() {
        String path = path();
        String id = path.substring(path.lastIndexOf('/') + 1);
        try {
            long value = Long.parseLong(id);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequest("order_id must be a non-negative integer, was \"" + clip(id) + "\"");
        }
    }

    /** Echoed input, shortened: an error message must not carry a client's megabyte back. */
    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    byte[] json(JsonWriter writer) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = codec.factory().createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    void respond(HttpResponseStatus status, byte[] body) {
        HttpResponses.send(ctx, request, status, HttpHeaderValues.APPLICATION_JSON, body, true);
    }

    /** 503 {@code unavailable} with {@code Retry-After}: the node is too busy for this request now. */
    void unavailable(String message, long retryAfterMs) {
        HttpResponses.unavailable(ctx, request, message, retryAfterMs);
    }

    void error(HttpResponseStatus status, String code, String message) {
        error(status, code, message, null);
    }

    /** An error answer; {@code field} (may be null) names the offending field of the request, as over WebSocket. */
    void error(HttpResponseStatus status, String code, String message, String field) {
        respond(status, json(g -> {
            g.writeStartObject();
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            if (field != null) {
                g.writeStringField("field", field);
            }
            g.writeEndObject();
        }));
    }
}
