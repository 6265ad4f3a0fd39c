package io.tickwire.client;

import io.tickwire.codec.Decoded;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderRef;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Looks an order up over REST ({@code GET /api/v1/orders?client_order_id=X} or
 * {@code GET /api/v1/orders/{id}}) to reconcile a command whose outcome is unknown.
 */
final class OrderLookup {

    /** What the server said. */
    sealed interface Result {
        /** The server has the order. */
        record Found(Order order) implements Result {
        }

        /** The server certainly has no such order. */
        record Absent() implements Result {
        }

        /** No answer that settles it (network, 5xx, a body that does not parse): try again later. */
        record Failed(String why) implements Result {
        }

        /** The server refuses the lookup itself (400, 401, 403): asking again cannot help. */
        record Refused(String why) implements Result {
        }
    }

    private final HttpClient http;
    private final URI base;
    private final Supplier<String> token;
    private final JsonCodec codec;

    OrderLookup(HttpClient http, URI base, Supplier<String> token, JsonCodec codec) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.codec = codec;
    }

    /** The REST root for a WebSocket URI: same host and port, http(s), the path without its last segment. */
    static URI restBase(URI ws) {
        String scheme = "wss".equalsIgnoreCase(ws.getScheme()) ? "https" : "http";
        String path = ws.getRawPath() == null ? "" : ws.getRawPath();
        int slash = path.lastIndexOf('/');
        path = slash <= 0 ? "" : path.substring(0, slash);
        return URI.create(scheme + "://" + ws.getRawAuthority() + path);
    }

    CompletableFuture<Result> find(OrderRef ref) {
        return switch (ref) {
            case OrderRef.ByClientId byClientId -> get("/api/v1/orders?client_order_id="
                    + URLEncoder.encode(byClientId.clientOrderId(), StandardCharsets.UTF_8), false);
            case OrderRef.ById byId -> get("/api/v1/orders/" + byId.orderId(), true);
        };
    }

    private CompletableFuture<Result> get(String pathAndQuery, boolean single) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET();
        String bearer = token == null ? null : token.get();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        return new Result.Failed("lookup failed: " + failure);
                    }
                    if (single && response.statusCode() == 404) {
                        return new Result.Absent();
                    }
                    int status = response.statusCode();
                    if (status == 400 || status == 401 || status == 403) {
                        return new Result.Refused("the lookup was refused with HTTP " + status + ": "
                                + clip(new String(response.body(), StandardCharsets.UTF_8)));
                    }
                    if (status != 200) {
                        return new Result.Failed("lookup answered HTTP " + response.statusCode() + ": "
                                + clip(new String(response.body(), StandardCharsets.UTF_8)));
                    }
                    byte[] body = response.body();
                    if (single) {
                        byte[] wrapped = new byte[body.length + 2];
                        wrapped[0] = '[';
                        System.arraycopy(body, 0, wrapped, 1, body.length);
                        wrapped[wrapped.length - 1] = ']';
                        body = wrapped;
                    }
                    return switch (codec.decodeOrders(body)) {
                        case Decoded.Ok<List<Order>> ok -> ok.message().isEmpty()
                                ? new Result.Absent() : new Result.Found(ok.message().get(0));
                        case Decoded.Invalid<List<Order>> invalid ->
                                new Result.Failed("lookup answer did not parse: " + invalid.error().message());
                    };
                });
    }

    private static String clip(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
