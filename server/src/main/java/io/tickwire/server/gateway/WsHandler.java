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
    private WsSession session;

    WsHandler(JsonCodec codec, TokenService tokens, Hub hub, TradingCore core, GatewayConfig config,
              AtomicLong requestIds) {
        this.codec = codec;
        this.tokens = tokens;
        this.hub = hub;
        this.core = core;
        this.config = config;
        this.requestIds = requestIds;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            Principal principal = ctx.channel().attr(HttpHandler.PRINCIPAL).get();
            session = new WsSession(ctx.channel(), codec, config.maxQueuedBytes(), principal);
            if (principal != null) {
                session.send(new ServerMessage.AuthOk(null, Long.toString(principal.userId()), principal.expiresAt()));
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.markClosed();
            hub.closed(session);
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            session.send(ServerMessage.ErrorMessage.of(null, ErrorCode.BAD_REQUEST, "only text frames are accepted"));
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
                } else {
                    hub.subscribe(session, subscribe.id(), subscribe.topic(), subscribe.since());
                }
            }
            case ClientMessage.Unsubscribe unsubscribe -> hub.unsubscribe(session, unsubscribe.id(), unsubscribe.topic());
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
        switch (tokens.verify(auth.token())) {
            case TokenService.Verdict.Valid valid -> {
                session.authenticate(valid.principal());
                session.send(new ServerMessage.AuthOk(auth.id(), Long.toString(valid.principal().userId()),
                        valid.principal().expiresAt()));
            }
            case TokenService.Verdict.Refused refused -> {
                session.send(ServerMessage.ErrorMessage.of(auth.id(), ErrorCode.UNAUTHORIZED, refused.reason()));
                session.close(4001, "unauthorized");
            }
        }
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
        session.send(new ServerMessage.Ack(id, wireId, System.currentTimeMillis()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
