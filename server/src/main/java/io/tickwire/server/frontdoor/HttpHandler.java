package io.tickwire.server.frontdoor;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.frontdoor.rest.HttpResponses;
import io.tickwire.server.frontdoor.rest.RestApi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Plain HTTP: {@code /health}, the console's files ({@link ConsoleAssets}), the REST API, and the
 * gate in front of the WebSocket upgrade on {@code /ws}. A
 * token on the upgrade (header {@code Authorization: Bearer}, or {@code ?token=} for browsers)
 * is checked here; a bad one is refused with 401 and no upgrade. Without a token the connection
 * upgrades anonymously and may authenticate with an {@code auth} message; until it does, it counts
 * against its address's limit of anonymous connections ({@link ConnectionLimits#tryAnonymous}).
 * The address is the peer's, or the one a trusted proxy forwarded ({@link TrustedProxies}), for
 * that limit and for the REST rate limit alike.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final AttributeKey<Principal> PRINCIPAL = AttributeKey.valueOf("tickwire.principal");
    /** What an address at its limit of anonymous connections is told to wait before it tries again. */
    static final long ANONYMOUS_RETRY_MS = 5_000;

    private final TokenService tokens;
    private final RestApi api;
    private final RestRateLimiter limiter;
    private final ConsoleAssets console;
    private final TrustedProxies proxies;
    private final ConnectionLimits limits;

    HttpHandler(TokenService tokens, RestApi api, RestRateLimiter limiter, ConsoleAssets console,
                TrustedProxies proxies, ConnectionLimits limits) {
        super(false);
        this.tokens = tokens;
        this.api = api;
        this.limiter = limiter;
        this.console = console;
        this.proxies = proxies;
        this.limits = limits;
    }

    /** The client's address: the peer's, or what a trusted proxy forwarded; null off IP (tests' local channels). */
    private InetAddress client(ChannelHandlerContext ctx, FullHttpRequest request) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress remote
                ? proxies.clientOf(remote.getAddress(), request.headers()) : null;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri;
        String path;
        try {
            uri = new QueryStringDecoder(request.uri());
            path = uri.path();
        } catch (IllegalArgumentException badEscape) {
            try {
                respond(ctx, request, HttpResponseStatus.BAD_REQUEST,
                        "{\"code\":\"bad_request\",\"message\":\"malformed URL\"}");
            } finally {
                request.release();
            }
            return;
        }
        if (path.equals("/ws")) {
            String token = bearer(request.headers().get(HttpHeaderNames.AUTHORIZATION));
            List<String> query;
            try {
                query = uri.parameters().get("token");
            } catch (IllegalArgumentException badEscape) {
                respond(ctx, request, HttpResponseStatus.BAD_REQUEST,
                        "{\"code\":\"bad_request\",\"message\":\"malformed query string\"}");
                request.release();
                return;
            }
            if (token == null && query != null && !query.isEmpty()) {
                token = query.get(0);
            }
            if (token != null) {
                switch (tokens.verify(token)) {
                    case TokenService.Verdict.Valid valid -> ctx.channel().attr(PRINCIPAL).set(valid.principal());
                    case TokenService.Verdict.Refused refused -> {
                        respond(ctx, request, HttpResponseStatus.UNAUTHORIZED,
                                "{\"code\":\"unauthorized\",\"message\":\"" + refused.reason() + "\"}");
                        request.release();
                        return;
                    }
                }
            }
            InetAddress client = client(ctx, request);
            if (token == null && client != null && !limits.tryAnonymous(ctx.channel(), client)) {
                HttpResponses.tooManyRequests(ctx, request, "more than " + limits.maxPerAddress()
                        + " connections without a token from this address; authenticate with a token",
                        ANONYMOUS_RETRY_MS, false);
                request.release();
                return;
            }
            ctx.fireChannelRead(request); // to the WebSocket handshake
            return;
        }
        long retryAfterMs;
        InetAddress client;
        try {
            if (path.equals("/health")) {
                respond(ctx, request, HttpResponseStatus.OK, "{\"status\":\"ok\"}");
            } else if (console.serve(ctx, request, path)) {
                return;
            } else if ((client = client(ctx, request)) != null
                    && (retryAfterMs = limiter.acquire(client, System.nanoTime())) > 0) {
                HttpResponses.tooManyRequests(ctx, request, "more than " + limiter.rate()
                        + " requests per second from this address", retryAfterMs, false);
            } else if (!api.handle(ctx, request)) {
                respond(ctx, request, HttpResponseStatus.NOT_FOUND,
                        "{\"code\":\"not_found\",\"message\":\"no such path: " + path.replace("\"", "") + "\"}");
            }
        } finally {
            request.release();
        }
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    /** A JSON answer outside the API; the connection is closed after an error. */
    static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String json) {
        HttpResponses.send(ctx, request, status, HttpHeaderValues.APPLICATION_JSON,
                json.getBytes(StandardCharsets.UTF_8), false);
    }
}
