package io.tickwire.server.frontdoor;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.cors.CorsConfig;
import io.netty.handler.codec.http.cors.CorsConfigBuilder;
import io.netty.handler.codec.http.cors.CorsHandler;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.tickwire.server.frontdoor.rest.RestApi;
import io.tickwire.server.frontdoor.rest.RestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every connection's pipeline, in the order bytes flow through it:
 *
 * <pre>
 * idle -> tls? -> http -> http-aggregator -> cors? -> http-gate -> frame-gate -> ws-protocol
 *      -> ws-aggregator -> ws
 * </pre>
 *
 * {@code idle} stands first so that it sees every byte the client sends, HTTP requests included:
 * a keep-alive REST or console connection in use is never cut, and one silent for
 * {@link FrontDoorConfig#idleTimeout} is (it once stood behind {@code http-gate}, which consumes
 * HTTP requests, so a busy REST connection was closed 60 s after it opened, racing its requests).
 * Its event travels the pipeline to {@code ws}, which closes the connection.
 *
 * {@code cors} is there when origins are configured ({@link FrontDoorConfig#corsOrigins}): Netty's
 * {@link CorsHandler} answers preflights and adds the allow headers to answers for those origins.
 * It never refuses a request itself: a page on another origin reads nothing without the headers,
 * and the WebSocket, which a browser does not subject to CORS, stays open to any page that has a
 * token. {@code http-gate} answers the console's files and REST, and lets only {@code /ws}
 * upgrades on; after the upgrade Netty puts its WebSocket frame decoder where {@code http} was.
 * A connection over the gateway's limit gets {@code tls? -> http -> http-aggregator -> refused}
 * instead, which answers 503.
 *
 * <p>Built before the port is bound; {@link #start} gives it the services once the core has
 * recovered. The server channel accepts nothing until then, unless the node asked to answer 503
 * while it starts ({@link FrontDoor#acceptWhileStarting}).
 */
final class FrontDoorPipeline extends ChannelInitializer<SocketChannel> {
    static final String TLS = "tls";
    static final String HTTP = "http";
    static final String HTTP_AGGREGATOR = "http-aggregator";
    static final String CORS = "cors";
    static final String HTTP_GATE = "http-gate";
    static final String REFUSED = "refused";
    static final String IDLE = "idle";
    static final String FRAME_GATE = "frame-gate";
    static final String WS_PROTOCOL = "ws-protocol";
    static final String WS_AGGREGATOR = "ws-aggregator";
    static final String WS = "ws";

    private final FrontDoorConfig config;
    private final ReloadingTls ssl;
    private final ConnectionLimits limits;
    private final ChannelGroup connections;
    private final WebSocketServerProtocolConfig webSocket;
    private final CorsConfig cors;
    private final ConsoleAssets console = ConsoleAssets.load();
    private volatile FrontDoorContext context;
    private volatile RestApi api;
    private volatile RestRateLimiter restLimiter;

    FrontDoorPipeline(FrontDoorConfig config, ReloadingTls ssl, ConnectionLimits limits, ChannelGroup connections) {
        this.config = config;
        this.ssl = ssl;
        this.limits = limits;
        this.connections = connections;
        this.webSocket = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .checkStartsWith(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxFrameBytes())
                        // WsHandler answers a violation with one close frame carrying the decoder's
                        // status; the decoder's own answer to a bad close code is no close frame at all.
                        .closeOnProtocolViolation(false)
                        .build())
                // The gateway answers close frames itself (WsHandler): Netty's own handling echoes a
                // client's close even after the server sent one, and adds a (1000, "Bye") close of its
                // own when the channel closes after a close frame it did not write itself (a 1009 from
                // the decoder, say). RFC 6455 allows one close frame each way.
                .handleCloseFrames(false)
                .sendCloseFrame(null)
                .build();
        this.cors = cors(config.corsOrigins());
    }

    /** Preflights cached a day; the methods and headers the REST API takes. Null: no origin configured. */
    private static CorsConfig cors(List<String> origins) {
        if (origins.isEmpty()) {
            return null;
        }
        CorsConfigBuilder builder = origins.contains("*") ? CorsConfigBuilder.forAnyOrigin()
                : CorsConfigBuilder.forOrigins(origins.toArray(String[]::new));
        return builder.allowedRequestMethods(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.PATCH)
                .allowedRequestHeaders(HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.CONTENT_TYPE)
                .exposeHeaders(HttpHeaderNames.RETRY_AFTER)
                .maxAge(86_400)
                .build();
    }

    /** Hands over the services; from now on connections are set up in full. */
    void start(FrontDoorContext services) {
        this.api = new RestApi(new RestContext(services.codec(), services.tokens(), services.hub(), services.orders(),
                services.status(), services.metrics(), services.requestIds()), config.restQueue());
        this.restLimiter = new RestRateLimiter(config.restRequestsPerSecond());
        this.context = services;
    }

    RestApi api() {
        return api;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline pipeline = ch.pipeline();
        if (ssl != null) {
            pipeline.addLast(TLS, ssl.current().newHandler(ch.alloc()));
        }
        pipeline.addLast(HTTP, new HttpServerCodec())
                .addLast(HTTP_AGGREGATOR, new HttpBodyLimit(config.maxBodyBytes()));
        FrontDoorContext services = context;
        if (services == null) {
            pipeline.addLast(REFUSED, new ConnectionRefusedHandler(ConnectionRefusedHandler.STARTING));
            return;
        }
        if (!limits.tryOpen()) {
            services.metrics().connectionRefused();
            pipeline.addLast(REFUSED, new ConnectionRefusedHandler(ConnectionRefusedHandler.AT_LIMIT));
            return;
        }
        ch.closeFuture().addListener(f -> limits.closed());
        connections.add(ch);
        pipeline.addFirst(IDLE, new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        if (cors != null) {
            pipeline.addLast(CORS, new CorsHandler(cors));
        }
        WsHandler ws = new WsHandler(services);
        pipeline.addLast(HTTP_GATE, new HttpHandler(services.tokens(), api, restLimiter, console,
                        config.trustedProxies(), limits))
                .addLast(FRAME_GATE, new FrameGate(config.messagesPerSecond(), ws))
                .addLast(WS_PROTOCOL, new WebSocketServerProtocolHandler(webSocket))
                .addLast(WS_AGGREGATOR, new WebSocketFrameAggregator(config.maxFrameBytes()))
                .addLast(WS, ws);
    }
}
