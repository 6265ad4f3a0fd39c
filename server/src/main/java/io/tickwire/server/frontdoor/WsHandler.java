package io.tickwire.server.frontdoor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.tickwire.engine.command.Command;
import io.tickwire.codec.Decoded;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Topic;
import io.tickwire.protocol.message.Unknown;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.core.OrderEntry;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.auth.TokenService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * One WebSocket connection's messages, on its event loop: decoded by the codec (a malformed
 * message gets an {@code error} and the connection stays open), then authentication,
 * subscriptions (to the hub), heartbeats, and orders (to the sequencer: {@code ack} once queued,
 * the receipt once durable). Every reply to a request echoes its {@code id}, errors included.
 *
 * <p>It also owns the connection's end: it answers the client's close frame (once, RFC 6455
 * section 5.5.1), closes with 1009 a message over the size limit, and with 4001 a connection whose
 * token expired without a fresh {@code auth}.
 */
final class WsHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** The retry hint when the engine's queue refused a command: it drains in well under this. */
    static final long BUSY_RETRY_MS = 100;

    private final FrontDoorContext context;
    private final FrontDoorConfig config;
    private final Set<String> subscriptions = new HashSet<>();
    private WsSession session;
    private ScheduledFuture<?> pinger;
    private ScheduledFuture<?> expiry;
    private CancelOnDisconnect cancelOnDisconnect;

    WsHandler(FrontDoorContext context) {
        this.context = context;
        this.config = context.config();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            Principal principal = ctx.channel().attr(HttpHandler.PRINCIPAL).get();
            session = new WsSession(ctx.channel(), context.codec(), config.maxQueuedBytes(),
                    context.outboxes().of(ctx.channel().eventLoop()), context.metrics());
            cancelOnDisconnect = new CancelOnDisconnect(ctx.executor(), context.orders(), context.hub(),
                    context.requestIds()::incrementAndGet);
            context.limits().webSocketOpened();
            long ping = config.pingInterval().toMillis();
            pinger = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(new PingWebSocketFrame()), ping, ping,
                    TimeUnit.MILLISECONDS);
            if (principal != null) {
                admit(ctx, principal, null);
            }
        } else if (event instanceof IdleStateEvent) {
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
        if (expiry != null) {
            expiry.cancel(false);
        }
        if (session != null) {
            cancelOnDisconnect.ended();
            session.released();
            context.limits().webSocketClosed();
            context.hub().closed(session);
            if (session.principal() != null) {
                context.limits().userClosed(session.principal().userId());
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            answerClose(ctx, close);
            return;
        }
        if (!session.isOpen()) {
            return; // closing: what the client sent before it read our close frame is dropped
        }
        if (!(frame instanceof TextWebSocketFrame text)) {
            session.send(ServerMessage.ErrorMessage.of(null, ErrorCode.BAD_REQUEST, "only text frames are accepted"));
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(text.content());
        switch (context.codec().decodeClient(bytes)) {
            case Decoded.Invalid<ClientMessage> invalid -> session.send(invalid.error().toErrorMessage());
            case Decoded.Ok<ClientMessage> ok -> handle(ctx, ok.message());
        }
    }

    /**
     * The client's close frame: after ours, it completes the handshake and the connection ends;
     * otherwise it is answered with one close frame, echoing a valid code and 1002 for a code that
     * RFC 6455 section 7.4 does not allow on the wire.
     */
    private void answerClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        if (session == null || !session.isOpen()) {
            ctx.close();
            return;
        }
        session.markClosed();
        int code = close.statusCode();
        CloseWebSocketFrame answer;
        if (code == -1) {
            answer = new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE.code(), "");
        } else if (mayBeSent(code)) {
            answer = new CloseWebSocketFrame(code, "");
        } else {
            answer = new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR.code(), "invalid close code " + code);
        }
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Whether RFC 6455 (section 7.4) lets an endpoint put {@code code} in a close frame: 1000-1003,
     * 1007-1014 (1012-1014 registered with IANA since), 3000-4999. Netty's own check lets 5000 and
     * above through.
     */
    static boolean mayBeSent(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** Called by the {@link FrameGate}: a message was dropped by the rate limit. */
    void rateLimited(ByteBuf singleTextFrame, long retryAfterMs) {
        if (session == null || !session.isOpen()) {
            return;
        }
        Long id = null;
        if (singleTextFrame != null) {
            id = switch (context.codec().decodeClient(ByteBufUtil.getBytes(singleTextFrame))) {
                case Decoded.Ok<ClientMessage> ok -> ok.message().id();
                case Decoded.Invalid<ClientMessage> invalid -> invalid.error().id();
            };
        }
        session.send(ServerMessage.ErrorMessage.rateLimited(id,
                "more than " + config.messagesPerSecond() + " messages per second (frames of any kind count); this "
                        + "message was dropped", retryAfterMs));
    }

    /** Called by the {@link FrameGate}: the client went on sending past the limit after being told. */
    void flooded() {
        if (session != null) {
            session.close(4029, "rate limited");
        }
    }

    private void handle(ChannelHandlerContext ctx, ClientMessage message) {
        switch (message) {
            case ClientMessage.Auth auth -> authenticate(ctx, auth);
            case ClientMessage.Ping ping -> session.send(new ServerMessage.Pong(ping.id(), System.currentTimeMillis()));
            case ClientMessage.Subscribe subscribe -> subscribe(subscribe);
            case ClientMessage.Unsubscribe unsubscribe -> {
                subscriptions.remove(unsubscribe.topic().name());
                context.hub().unsubscribe(session, unsubscribe.id(), unsubscribe.topic());
            }
            case ClientMessage.OrderPlace place -> trade(ctx, place.id(), requestId -> Command.Place.of(requestId,
                    session.principal().userId(), place), true);
            case ClientMessage.OrderBatch batch -> trade(ctx, batch.id(), requestId -> new Command.PlaceBatch(
                    requestId, session.principal().userId(), batch.orders().stream()
                    .map(o -> Command.Place.of(requestId, session.principal().userId(), o)).toList()), true);
            case ClientMessage.OrderCancelAllAfter arm -> trade(ctx, arm.id(), requestId -> new Command.CancelAllAfter(
                    requestId, session.principal().userId(), arm.timeoutMs()), false);
            case ClientMessage.SessionCancelOnDisconnect cod -> cancelOnDisconnect(ctx, cod);
            case ClientMessage.OrderCancel cancel -> trade(ctx, cancel.id(), requestId -> new Command.Cancel(requestId,
                    session.principal().userId(), cancel.order()), false);
            case ClientMessage.OrderCancelAll all -> trade(ctx, all.id(), requestId -> new Command.CancelAll(requestId,
                    session.principal().userId(), all.market()), false);
            case ClientMessage.OrderAmend amend -> trade(ctx, amend.id(), requestId -> Command.Amend.of(requestId,
                    session.principal().userId(), amend), false);
            case Unknown unknown -> session.send(new ServerMessage.ErrorMessage(unknown.id(),
                    ErrorCode.BAD_REQUEST.wire(), "type: unknown message type \"" + unknown.type() + "\"", "type"));
        }
    }

    /** Answered at once: the setting is the connection's, not the engine's. */
    private void cancelOnDisconnect(ChannelHandlerContext ctx, ClientMessage.SessionCancelOnDisconnect request) {
        if (mayTrade(request.id())) {
            cancelOnDisconnect.enable(request.enabled(), session.principal().userId());
            session.send(new ServerMessage.CancelOnDisconnect(request.id(), request.enabled()));
        }
    }

    private void subscribe(ClientMessage.Subscribe subscribe) {
        Topic topic = subscribe.topic();
        if (!context.hub().exists(topic)) {
            session.send(ServerMessage.ErrorMessage.of(subscribe.id(), ErrorCode.UNKNOWN_TOPIC,
                    "no such topic: " + topic.name()));
        } else if (topic instanceof Topic.Account && session.principal() != null
                && !session.principal().canReadAccount()) {
            session.send(ServerMessage.ErrorMessage.of(subscribe.id(), ErrorCode.FORBIDDEN,
                    "the token lacks scope read or trade"));
        } else if (!subscriptions.contains(topic.name()) && subscriptions.size() >= config.maxSubscriptions()) {
            session.send(ServerMessage.ErrorMessage.of(subscribe.id(), ErrorCode.BAD_REQUEST,
                    "at most " + config.maxSubscriptions() + " subscriptions per connection"));
        } else {
            subscriptions.add(topic.name());
            context.hub().subscribe(session, subscribe.id(), topic, subscribe.since());
        }
    }

    private void authenticate(ChannelHandlerContext ctx, ClientMessage.Auth auth) {
        Principal current = session.principal();
        switch (context.tokens().verify(auth.token())) {
            case TokenService.Verdict.Valid valid when current == null -> admit(ctx, valid.principal(), auth.id());
            case TokenService.Verdict.Valid valid when valid.principal().userId() == current.userId() -> {
                // A fresh token for the same user: it replaces the expiry (and the scopes).
                session.authenticate(valid.principal());
                session.send(new ServerMessage.AuthOk(auth.id(), Long.toString(current.userId()),
                        valid.principal().expiresAt()));
            }
            case TokenService.Verdict.Valid valid -> session.send(ServerMessage.ErrorMessage.of(auth.id(),
                    ErrorCode.FORBIDDEN, "this connection is authenticated as user " + current.userId()
                            + "; a token for another user needs a connection of its own"));
            case TokenService.Verdict.Refused refused when current != null ->
                    // A bad refresh does not end a connection whose token is still good.
                    session.send(ServerMessage.ErrorMessage.of(auth.id(), ErrorCode.UNAUTHORIZED, refused.reason()));
            case TokenService.Verdict.Refused refused -> {
                session.send(ServerMessage.ErrorMessage.of(auth.id(), ErrorCode.UNAUTHORIZED, refused.reason()));
                session.close(4001, "unauthorized");
            }
        }
    }

    /** Authenticates the session if the user is within its connection limit; else 4029. */
    private void admit(ChannelHandlerContext ctx, Principal principal, Long id) {
        if (!context.limits().tryUser(principal.userId())) {
            session.send(ServerMessage.ErrorMessage.rateLimited(id,
                    "user " + principal.userId() + " has " + config.maxConnectionsPerUser() + " connections already",
                    BUSY_RETRY_MS * 10));
            session.close(4029, "too many connections");
            return;
        }
        session.authenticate(principal);
        context.limits().authenticated(ctx.channel()); // counted per user from now on, not per address
        session.send(new ServerMessage.AuthOk(id, Long.toString(principal.userId()), principal.expiresAt()));
        watchExpiry(ctx);
    }

    /**
     * At the token's expiry: closes with 4001, unless a fresh {@code auth} moved the expiry on, in
     * which case it watches the new one.
     */
    private void watchExpiry(ChannelHandlerContext ctx) {
        long delay = Math.max(0, session.principal().expiresAt() - System.currentTimeMillis());
        expiry = ctx.executor().schedule(() -> {
            if (!session.isOpen()) {
                return;
            }
            if (session.principal().expiresAt() <= System.currentTimeMillis()) {
                session.send(ServerMessage.ErrorMessage.of(null, ErrorCode.UNAUTHORIZED, "token expired"));
                session.close(4001, "token expired");
            } else {
                watchExpiry(ctx);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Event loop, after the revocations changed: a connection whose token is now revoked is told
     * and closed with 4001, as at its token's expiry (protocol 1.2). The client needs a new token.
     */
    void closeIfRevoked() {
        if (session == null || !session.isOpen() || session.principal() == null) {
            return;
        }
        if (context.tokens().revocations().isRevoked(session.principal())) {
            session.send(ServerMessage.ErrorMessage.of(null, ErrorCode.UNAUTHORIZED, "token revoked"));
            session.close(4001, "token revoked");
        }
    }

    /** Whether this connection may send order commands; if not, the client has been told why. */
    private boolean mayTrade(Long id) {
        if (!context.takesOrders()) {
            // First: a node that takes no orders says so to anyone, authenticated or not.
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.FORBIDDEN,
                    "this node takes no orders; send them to the core (or to the relay's upstream)"));
            return false;
        }
        Principal principal = session.principal();
        if (principal == null) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.UNAUTHORIZED, "authenticate before trading"));
            return false;
        }
        if (!principal.can(Scope.TRADE)) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.FORBIDDEN, "the token lacks scope trade"));
            return false;
        }
        return true;
    }

    /**
     * Sends an order command to the sequencer: the ack once queued, the receipt once durable.
     *
     * @param places whether it places orders, which cancel on disconnect must know of
     */
    private void trade(ChannelHandlerContext ctx, Long id, LongFunction<Command> command, boolean places) {
        if (!mayTrade(id)) {
            return;
        }
        long requestId = context.requestIds().incrementAndGet();
        String wireId = context.hub().epoch() + "-" + requestId;
        Hub hub = context.hub();
        hub.expectReceiptAfterAck(requestId, wireId, session, id, places ? cancelOnDisconnect.watcher() : null);
        context.orders().enqueue(command.apply(requestId)).whenComplete((enqueued, failure) -> {
            Runnable answer = () -> {
                if (enqueued == OrderEntry.Enqueued.QUEUED) {
                    session.send(new ServerMessage.Ack(id, wireId, System.currentTimeMillis()));
                } else if (enqueued == OrderEntry.Enqueued.REFUSED) {
                    hub.cancelReceipt(requestId);
                    session.send(ServerMessage.ErrorMessage.rateLimited(id,
                            "the engine is busy or out of reach; retry shortly", BUSY_RETRY_MS));
                    return;
                }
                // QUEUED: the ack has gone, the receipt may follow. UNKNOWN: no ack (the client's
                // command timeout makes the outcome unknown and it reconciles), but a receipt that
                // comes is still delivered.
                hub.acked(requestId);
            };
            if (ctx.executor().inEventLoop()) {
                answer.run();
            } else {
                ctx.executor().execute(answer);
            }
        });
    }

    /** A close frame's reason is at most 123 bytes (RFC 6455 section 5.5); the decoder's texts are ASCII. */
    private static String clipReason(String reason) {
        if (reason == null) {
            return "";
        }
        return reason.length() > 120 ? reason.substring(0, 120) : reason;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (session != null && cause instanceof TooLongFrameException) {
            // The fragments of one message added up to more than the limit.
            session.close(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(),
                    "message larger than " + config.maxFrameBytes() + " bytes");
        } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // A frame RFC 6455 forbids (RSV bits, unmasked, a bad close code, over the frame limit):
            // the decoder discards all that follows, so the connection is failed now with one close
            // frame (section 7.1.7), unless the server already sent its own.
            boolean first = session == null || session.isOpen();
            if (session != null) {
                session.markClosed();
            }
            if (first) {
                WebSocketCloseStatus status = corrupted.closeStatus();
                ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), clipReason(corrupted.getMessage())))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        } else {
            ctx.close();
        }
    }
}
