package io.tickwire.server.frontdoor.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.codec.JsonCodec;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.metrics.ServerMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * The REST API of docs/protocol.md, as a route table: each route names a method, a path (exact,
 * or a prefix that the handler reads the rest of), and the handler of its resource. Reads come
 * from the hub (durable state, the same the pushes describe), never from the engine, whose state
 * may be ahead of what is durable; commands answer with their receipt once durable. Nothing here
 * blocks an event loop: answers are written when their futures complete, and reads that may
 * touch the disk run on {@link ReadPool}.
 */
public final class RestApi implements AutoCloseable {
    private static final String BOOK = "/api/v1/book/";
    private static final String TRADES = "/api/v1/trades/";
    private static final String CANDLES = "/api/v1/candles/";
    private static final String ORDER = "/api/v1/orders/";
    private static final String EVENTS = "/events/";

    private final JsonCodec codec;
    private final ReadPool reads;
    private final List<Route> routes;

    /** What answers a route. */
    @FunctionalInterface
    private interface Handler {
        void handle(RestExchange ex);
    }

    /** A method and a path, exact or (ending in {@code /}) a prefix, and what answers them. */
    private record Route(HttpMethod method, String path, Handler handler) {
        boolean matches(HttpMethod m, String p) {
            return method.equals(m) && (path.endsWith("/") ? p.startsWith(path) : p.equals(path));
        }
    }

    /** The API with at most {@code readQueue} disk reads waiting (beyond it: 503, {@link ReadPool}). */
    public RestApi(RestContext context, int readQueue) {
        this.reads = new ReadPool(readQueue);
        this.codec = context.codec();
        RestAuth auth = new RestAuth(context.tokens());
        MarketReads markets = new MarketReads(context.status(), context.hub(), reads, codec);
        AccountReads account = new AccountReads(context.hub(), codec, reads);
        OrderCommands commands = new OrderCommands(context);
        EventFeed events = new EventFeed(context, auth, reads);
        ServerMetrics metrics = context.metrics();
        TokenRevocations revocations = new TokenRevocations(context.tokens(), reads, Clock.systemUTC());
        HttpMethod get = HttpMethod.GET;
        // First match wins: exact paths before the prefixes that would take them.
        this.routes = List.of(
                // Operator figures, as /api/v1/admin/status: Prometheus scrapes with an admin bearer token.
                new Route(get, "/metrics", ex -> auth.scope(ex, Scope.ADMIN, p -> HttpResponses.send(ex.context(),
                        ex.request(), HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8), true))),
                new Route(get, "/api/v1/markets", markets::markets),
                new Route(get, BOOK,
                        ex -> markets.book(ex, ex.pathAfter(BOOK), ex.intParam("depth", 100, 1, 10_000))),
                new Route(get, TRADES,
                        ex -> markets.trades(ex, ex.pathAfter(TRADES), ex.intParam("limit", 100, 1, 1000))),
                new Route(get, CANDLES, ex -> markets.candles(ex, ex.pathAfter(CANDLES))),
                new Route(HttpMethod.POST, "/api/v1/orders/batch", ex -> commands.ifTaken(ex,
                        () -> auth.scope(ex, Scope.TRADE, p -> commands.placeBatch(ex, p)))),
                new Route(HttpMethod.POST, "/api/v1/orders", ex -> commands.ifTaken(ex,
                        () -> auth.scope(ex, Scope.TRADE, p -> commands.place(ex, p)))),
                new Route(HttpMethod.DELETE, "/api/v1/orders", ex -> commands.ifTaken(ex,
                        () -> auth.scope(ex, Scope.TRADE, p -> commands.cancelAll(ex, p)))),
                new Route(HttpMethod.DELETE, ORDER, ex -> {
                    long orderId = ex.orderId(); // a malformed id is a bad request before it is an auth question
                    commands.ifTaken(ex, () -> auth.scope(ex, Scope.TRADE, p -> commands.cancel(ex, p, orderId)));
                }),
                new Route(HttpMethod.PATCH, ORDER, ex -> commands.ifTaken(ex,
                        () -> auth.scope(ex, Scope.TRADE, p -> commands.amend(ex, p, ex.orderId())))),
                new Route(get, "/api/v1/orders", ex -> auth.accountRead(ex, p -> account.orders(ex, p))),
                new Route(get, ORDER, ex -> auth.accountRead(ex, p -> account.order(ex, p, ex.orderId()))),
                new Route(get, "/api/v1/balances", ex -> auth.accountRead(ex, p -> account.balances(ex, p))),
                new Route(HttpMethod.POST, "/api/v1/admin/deposit",
                        ex -> commands.ifTaken(ex, () -> auth.scope(ex, Scope.ADMIN, p -> commands.deposit(ex)))),
                new Route(HttpMethod.POST, "/api/v1/admin/withdraw",
                        ex -> commands.ifTaken(ex, () -> auth.scope(ex, Scope.ADMIN, p -> commands.withdraw(ex)))),
                new Route(get, "/api/v1/admin/status", ex -> auth.scope(ex, Scope.ADMIN, p -> events.adminStatus(ex))),
                new Route(HttpMethod.POST, "/api/v1/admin/tokens/revoke",
                        ex -> auth.scope(ex, Scope.ADMIN, p -> revocations.revoke(ex))),
                new Route(get, "/events/_status", events::status),
                new Route(get, EVENTS, ex -> events.events(ex, ex.pathAfter(EVENTS))));
    }

    /** Answers the request; returns false if the path is not the API's (the caller answers it). */
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        RestExchange ex = new RestExchange(ctx, request, codec);
        String path = ex.path();
        HttpMethod method = request.method();
        try {
            for (Route route : routes) {
                if (route.matches(method, path)) {
                    route.handler().handle(ex);
                    return true;
                }
            }
            if (path.startsWith("/api/") || path.startsWith(EVENTS)) {
                ex.error(HttpResponseStatus.NOT_FOUND, "not_found", method + " " + path + " is not an endpoint");
                return true;
            }
            return false;
        } catch (BadRequest e) {
            ex.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage(), e.field);
        } catch (IllegalArgumentException e) {
            // e.g. a malformed %-escape in the query string
            ex.error(HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed request: "
                    + RestExchange.clip(String.valueOf(e.getMessage())));
        }
        return true;
    }

    @Override
    public void close() {
        reads.close();
    }
}
