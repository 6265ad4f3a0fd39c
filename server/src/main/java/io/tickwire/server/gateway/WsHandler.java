package io.tickwire.server.gateway;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.tickwire.engine.command.Command;
import io.tickwire.protocol.codec.Decoded;
import io.tickwire.protocol.codec.JsonCodec;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Unknown;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.hub.Hub;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket connection's messages: decoded by the codec (a malformed message gets an
 * {@code error} and the connection stays open), then authentication, subscriptions (to the hub),
 * heartbeats, and orders (to the sequencer: {@code ack} once queued, the receipt once durable).
 */
final class WsHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private final JsonCodec codec;
    private final TokenService tokens;
    private final Hub hub;
    private final TradingCore core;
    private final GatewayConfig config;
    private final AtomicLong requestIds;
    private final ConnectionLimits limits;
    private final io.tickwire.server.metrics.ServerMetrics metrics;
    private final java.util.Set<String> subscriptions = new java.util.HashSet<>();
    private WsSession session;
    private RateLimiter rate;
    private io.netty.util.concurrent.ScheduledFuture<?> pinger;

    WsHandler(JsonCodec codec, TokenService tokens, Hub hub, TradingCore core, GatewayConfig config,
              AtomicLong requestIds, ConnectionLimits limits, io.tickwire.server.metrics.ServerMetrics metrics) {
        this.metrics = metrics;
        this.codec = codec;
        this.tokens = tokens;
        this.hub = hub;
        this.core = core;
        this.config = config;
        this.requestIds = requestIds;
        this.limits = limits;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            Principal principal = ctx.channel().attr(HttpHandler.PRINCIPAL).get();
            session = new WsSession(ctx.channel(), codec, config.maxQueuedBytes(), null, metrics);
            rate = new RateLimiter(config.messagesPerSecond(), System.nanoTime());
            long ping = config.pingInterval().toMillis();
            pinger = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(
                    new io.netty.handler.codec.http.websocketx.PingWebSocketFrame()), ping, ping,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            if (principal != null) {
                admit(principal, null);
            }
        } else if (event instanceof io.netty.handler.timeout.IdleStateEvent) {
            if (session != null) {
                session.close(1001, "no frame received for " + config.idleTimeout().toSeconds() + " s");
            } else {
                ctx.close(); // never upgraded: nothing to say goodbye to
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pinger != null) {
            pinger.cancel(false);
        }
        if (session != null) {
            session.markClosed();
            hub.closed(session);
            if (session.principal() != null) {
                limits.userClosed(session.principal().userId());
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!session.isOpen()) {
            return; // closing: what the client sent before it read our close frame is dropped
        }
        if (!(frame instanceof TextWebSocketFrame text)) {
            session.send(ServerMessage.ErrorMessage.of(null, ErrorCode.BAD_REQUEST, "only text frames are accepted"));
            return;
        }
        if (!rate.tryAcquire(System.nanoTime())) {
            if (rate.strikes() > config.messagesPerSecond()) {
                session.close(4029, "rate limited");
            } else {
                session.send(ServerMessage.ErrorMessage.of(null, ErrorCode.RATE_LIMITED,
                        "more than " + config.messagesPerSecond() + " messages per second; this one was dropped"));
            }
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(text.content());
        switch (codec.decodeClient(bytes)) {
            case Decoded.Invalid<ClientMessage> invalid -> session.send(invalid.error().toErrorMessage());
            case Decoded.Ok<ClientMessage> ok -> handle(ok.message());
        }
    }

    private void handle(ClientMessage message) {
        switch (message) {
            case ClientMessage.Auth auth -> authenticate(auth);
            case ClientMessage.Ping ping -> session.send(new ServerMessage.Pong(ping.id(), System.currentTimeMillis()));
            case ClientMessage.Subscribe subscribe -> {
                if (!hub.exists(subscribe.topic())) {
                    session.send(ServerMessage.ErrorMessage.of(subscribe.id(), ErrorCode.UNKNOWN_TOPIC,
                            "no such topic: " + subscribe.topic().name()));
                } else if (!subscriptions.contains(subscribe.topic().name())
                        && subscriptions.size() >= config.maxSubscriptions()) {
                    session.send(ServerMessage.ErrorMessage.of(subscribe.id(), ErrorCode.BAD_REQUEST,
                            "at most " + config.maxSubscriptions() + " subscriptions per connection"));
                } else {
                    subscriptions.add(subscribe.topic().name());
                    hub.subscribe(session, subscribe.id(), subscribe.topic(), subscribe.since());
                }
            }
            case ClientMessage.Unsubscribe unsubscribe -> {
                subscriptions.remove(unsubscribe.topic().name());
                hub.unsubscribe(session, unsubscribe.id(), unsubscribe.topic());
            }
            case ClientMessage.OrderPlace place -> trade(place.id(), requestId -> new Command.Place(requestId,
                    session.principal().userId(), place.market(), place.side(), place.orderType(), place.tif(),
                    place.price(), place.qty(), place.clientOrderId()));
            case ClientMessage.OrderCancel cancel -> trade(cancel.id(), requestId -> new Command.Cancel(requestId,
                    session.principal().userId(), cancel.order()));
            case ClientMessage.OrderAmend amend -> trade(amend.id(), requestId -> new Command.Amend(requestId,
                    session.principal().userId(), amend.order(), amend.price(), amend.qty()));
            case Unknown unknown -> session.send(ServerMessage.ErrorMessage.of(unknown.id(), ErrorCode.BAD_REQUEST,
                    "unknown message type \"" + unknown.type() + "\""));
        }
    }

    private void authenticate(ClientMessage.Auth auth) {
        if (session.principal() != null) {
            session.send(ServerMessage.ErrorMessage.of(auth.id(), ErrorCode.BAD_REQUEST,
                    "this connection is already authenticated"));
            return;
        }
        switch (tokens.verify(auth.token())) {
            case TokenService.Verdict.Valid valid -> admit(valid.principal(), auth.id());
            case TokenService.Verdict.Refused refused -> {
                session.send(ServerMessage.ErrorMessage.of(auth.id(), ErrorCode.UNAUTHORIZED, refused.reason()));
                session.close(4001, "unauthorized");
            }
        }
    }

    /** Authenticates the session if the user is within its connection limit; else 4029. */
    private void admit(Principal principal, Long id) {
        if (!limits.tryUser(principal.userId())) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.RATE_LIMITED,
                    "user " + principal.userId() + " has " + config.maxConnectionsPerUser() + " connections already"));
            session.close(4029, "too many connections");
            return;
        }
        session.authenticate(principal);
        session.send(new ServerMessage.AuthOk(id, Long.toString(principal.userId()), principal.expiresAt()));
    }

    private void trade(Long id, java.util.function.LongFunction<Command> command) {
        Principal principal = session.principal();
        if (principal == null) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.UNAUTHORIZED, "authenticate before trading"));
            return;
        }
        if (!principal.can(Scope.TRADE)) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.FORBIDDEN, "the token lacks scope trade"));
            return;
        }
        long requestId = requestIds.incrementAndGet();
        String wireId = hub.epoch() + "-" + requestId;
        hub.expectReceipt(requestId, wireId, session, id);
        if (!core.submit(command.apply(requestId))) {
            hub.cancelReceipt(requestId);
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.RATE_LIMITED,
                    "the engine is busy; retry shortly"));
            return;
        }
        session.sendFirst(new ServerMessage.Ack(id, wireId, System.currentTimeMillis())); // before its receipt
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
