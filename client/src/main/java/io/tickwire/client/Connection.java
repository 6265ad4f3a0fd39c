package io.tickwire.client;

import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Unknown;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The client's WebSocket connection, on the loop thread: dial and redial with backoff, present
 * the token and refresh it before it expires, watch liveness (a read timeout, a ping now and
 * then, a write queue that stalls), send, and hand each decoded frame to the streams
 * ({@link StreamSync}) or the commands ({@link CommandTracker}). Every connection has a
 * generation: whatever an older one still says is ignored.
 */
final class Connection {
    /** A server's shutdown notice is obeyed up to this long: a wrong one cannot park the client for hours. */
    static final long MAX_NOTICE_DELAY_MS = 60_000;
    private static final Duration LIVENESS_CHECK = Duration.ofMillis(500);
    private static final int MAX_PENDING_SENDS = 10_000;

    private final ClientLoop loop;
    private final URI uri;
    /** The token for each (re)connect and each refresh; {@code null}: public topics only. */
    private final Supplier<String> token;
    /** Completes once connected (and authenticated, with a token); fails when the token is refused. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ReconnectPolicy reconnect;
    private final Duration readTimeout;
    private final Duration pingInterval;
    private final Duration connectTimeout;
    private final JsonCodec codec;
    private final HttpClient http;
    private StreamSync streams;
    private CommandTracker commands;
    private SessionSettings settings;

    private volatile ConnectionStatus status = ConnectionStatus.CONNECTING;
    private volatile long lastMessageAtMillis;
    private volatile int reconnects;

    // ---------------------------------------------------------------- loop thread only
    private WebSocket socket;
    private int generation;
    private CompletableFuture<WebSocket> sendChain = CompletableFuture.completedFuture(null);
    private long nextRequestId = 1;
    private int attempt;
    /** What the server's shutdown notice asked to wait, for the next reconnect only; 0 when none. */
    private long noticeDelayMs;
    private int attemptsSinceConnected;
    private boolean everConnected;
    /** The server accepted the token on the connection being opened (its auth.ok may come first). */
    private boolean authenticatedHere;
    private long lastFrameNanos;
    private long disconnectedAtNanos;
    /** Writes handed to the socket and not yet done: a connection whose writes stall is replaced. */
    private final AtomicInteger pendingSends = new AtomicInteger();

    Connection(ClientLoop loop, URI uri, Supplier<String> token, ReconnectPolicy reconnect, Duration readTimeout,
               Duration pingInterval, Duration connectTimeout, JsonCodec codec, HttpClient http) {
        this.loop = loop;
        this.uri = uri;
        this.token = token;
        this.reconnect = reconnect;
        this.readTimeout = readTimeout;
        this.pingInterval = pingInterval;
        this.connectTimeout = connectTimeout;
        this.codec = codec;
        this.http = http;
    }

    /** Dials, and starts the liveness check and the heartbeat. Once. */
    void start(StreamSync streams, CommandTracker commands, SessionSettings settings) {
        this.streams = streams;
        this.commands = commands;
        this.settings = settings;
        loop.execute(this::dial);
        loop.scheduleWithFixedDelay(this::checkLiveness,
                Math.min(LIVENESS_CHECK.toMillis(), Math.max(10, readTimeout.toMillis() / 4)));
        loop.scheduleWithFixedDelay(this::heartbeat, pingInterval.toMillis());
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    ConnectionStatus status() {
        return status;
    }

    ConnectionState state() {
        long last = lastMessageAtMillis;
        return new ConnectionState(status, last == 0 ? null : Instant.ofEpochMilli(last), reconnects);
    }

    /** Loop thread: whether a connection is open now. */
    boolean isOpen() {
        return socket != null;
    }

    /** Loop thread: the current connection's generation. */
    int generation() {
        return generation;
    }

    /** Loop thread: the next request id, unique for the client's life. */
    long nextRequestId() {
        return nextRequestId++;
    }

    /** Opens a connection (the first, or a reconnect), presenting the supplier's current token. */
    private void dial() {
        if (loop.isClosed()) {
            return;
        }
        authenticatedHere = false;
        int gen = ++generation;
        attemptsSinceConnected++;
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout);
        String bearer = currentToken();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        builder.buildAsync(uri, new SocketReader(this, loop, codec, gen)).whenComplete((ws, failure) ->
                loop.onLoop(() -> opened(gen, ws, failure)));
    }

    private void opened(int gen, WebSocket ws, Throwable failure) {
        if (gen != generation || loop.isClosed()) {
            if (ws != null) {
                ws.abort();
            }
            return;
        }
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof WebSocketHandshakeException handshake && handshake.getResponse().statusCode() == 401) {
                fatal("the server refused the token (HTTP 401)", cause);
                return;
            }
            lost(gen, -1, "connect failed: " + cause);
            return;
        }
        socket = ws;
        sendChain = CompletableFuture.completedFuture(ws);
        lastFrameNanos = System.nanoTime();
        setStatus(ConnectionStatus.CONNECTED);
        if (!everConnected) {
            everConnected = true;
            loop.emit(new SessionEvent.Connected(ClientLoop.now()));
        } else {
            reconnects++;
            loop.emit(new SessionEvent.Reconnected(ClientLoop.now(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - disconnectedAtNanos), attemptsSinceConnected));
        }
        attemptsSinceConnected = 0;
        if (authenticatedHere) {
            settings.authenticated(); // the auth.ok came first: now the settings can be sent
        }
        if (token == null || authenticatedHere) {
            // Ready: connected, and authenticated when there is a token. The server's auth.ok can be
            // read before this runs (the JDK hands over the first frame before the open completes).
            ready.complete(null);
        }
        streams.connected();
        commands.connected();
    }

    /** The token to present now, from the supplier; {@code null} without one (or if it gave none). */
    private String currentToken() {
        if (token == null) {
            return null;
        }
        try {
            return token.get();
        } catch (RuntimeException e) {
            loop.emit(new SessionEvent.Error(ClientLoop.now(), "the token supplier threw " + e, e));
            return null;
        }
    }

    /**
     * The server accepted a token. Before it expires, a fresh one from the supplier is sent as an
     * {@code auth} message, so the connection lives on (a connection whose token expires is closed
     * with 4001). A supplier that keeps giving the same token gets asked again until the end.
     */
    private void authenticated(ServerMessage.AuthOk ok) {
        if (!authenticatedHere && socket != null) {
            settings.authenticated(); // else opened() sends them, once the socket is there
        }
        authenticatedHere = true;
        if (status == ConnectionStatus.CONNECTED) {
            ready.complete(null); // else opened() completes it
        }
        int gen = generation;
        long lifetime = ok.expiresAt() - System.currentTimeMillis();
        // A tenth of the lifetime ahead, at most a minute: room for a slow supplier and a round trip.
        long refreshIn = Math.max(0, lifetime - Math.min(60_000, lifetime / 10));
        loop.schedule(() -> refreshToken(gen, ok.expiresAt()), refreshIn, TimeUnit.MILLISECONDS);
    }

    private void refreshToken(int gen, long expiresAt) {
        if (gen != generation || socket == null || loop.isClosed()) {
            return; // a new connection authenticates with a fresh token of its own
        }
        String fresh = currentToken();
        if (fresh == null) {
            return;
        }
        long left = expiresAt - System.currentTimeMillis();
        send(new ClientMessage.Auth(nextRequestId++, fresh));
        if (left > 1_000) {
            // Ask again halfway to the expiry, in case the supplier gave the same token: a fresh one's
            // auth.ok schedules its own refresh, and a stale ask costs one message.
            loop.schedule(() -> refreshToken(gen, expiresAt), left / 2, TimeUnit.MILLISECONDS);
        }
    }

    /** The connection is gone: commands in doubt go to reconciliation; reconnect after a backoff. */
    void lost(int gen, int code, String reason) {
        if (gen != generation || loop.isClosed() || status == ConnectionStatus.CLOSED) {
            return;
        }
        generation++; // whatever the old socket still says is ignored
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        pendingSends.set(0);
        if (code == 4001) {
            fatal("the server closed the connection as unauthorized (4001): " + reason, null);
            return;
        }
        if (status == ConnectionStatus.CONNECTED) {
            disconnectedAtNanos = System.nanoTime();
        }
        setStatus(everConnected ? ConnectionStatus.DEGRADED : ConnectionStatus.CONNECTING);
        commands.connectionLost();
        settings.connectionLost();
        streams.connectionLost();
        // At least what the server's shutdown notice asked, then the usual jitter on top, so that
        // the clients of a restarting server do not all come back at the same moment.
        Duration delay = reconnect.delay(attempt++).plusMillis(noticeDelayMs);
        noticeDelayMs = 0;
        loop.emit(new SessionEvent.Disconnected(ClientLoop.now(), code, reason, delay.toMillis()));
        loop.schedule(this::dial, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void fatal(String why, Throwable cause) {
        setStatus(ConnectionStatus.CLOSED);
        ready.completeExceptionally(new IllegalStateException(why, cause));
        loop.emit(new SessionEvent.Error(ClientLoop.now(), why + "; the client is closed", cause));
        commands.abandonAll();
    }

    /** Loop thread, as the client closes: a close frame, and every command in doubt abandoned. */
    void shutdownOnLoop() {
        setStatus(ConnectionStatus.CLOSED);
        ready.completeExceptionally(new IllegalStateException("the client was closed before it connected"));
        generation++;
        if (socket != null) {
            WebSocket ws = socket;
            socket = null;
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "client closed").orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((x, e) -> ws.abort());
        }
        commands.abandonAll();
    }

    /** Loop thread: the connection's state is {@code next} now; the listener hears of a change. */
    private void setStatus(ConnectionStatus next) {
        ConnectionStatus previous = status;
        if (next != previous) {
            status = next;
            loop.listener().stateChange(next, previous);
        }
    }

    /** A connection that has said nothing (not even a ping) for the read timeout is dead. */
    private void checkLiveness() {
        if (socket != null && System.nanoTime() - lastFrameNanos > readTimeout.toNanos()) {
            lost(generation, -1, "no frame for " + readTimeout.toMillis() + " ms");
        }
    }

    /**
     * A ping now and then: the answer proves the connection reads, and a write to a connection
     * whose peer is gone fails at once, where a half-open TCP connection could otherwise sit
     * silent until the read timeout.
     */
    private void heartbeat() {
        if (socket != null) {
            send(new ClientMessage.Ping(null));
        }
    }

    /** Loop thread: sends {@code message} on the current connection; nothing when there is none. */
    void send(ClientMessage message) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        int gen = generation;
        if (pendingSends.incrementAndGet() > MAX_PENDING_SENDS) {
            pendingSends.decrementAndGet();
            lost(gen, -1, "writes stalled: " + MAX_PENDING_SENDS + " frames waiting to be sent");
            return;
        }
        String text = codec.encodeToString(message);
        // The JDK WebSocket allows one outstanding send: chain them.
        sendChain = sendChain.thenCompose(w -> w.sendText(text, true));
        sendChain.whenComplete((w, failure) -> {
            pendingSends.decrementAndGet();
            if (failure != null) {
                loop.onLoop(() -> lost(gen, -1, "send failed: " + failure));
            }
        });
    }

    /** Loop thread: a decoded frame of connection {@code gen}. */
    void onFrame(int gen, ServerMessage message, long receivedNanos, long receivedAtMillis) {
        if (gen != generation) {
            return;
        }
        attempt = 0; // a frame arrived on this connection: the backoff starts over
        switch (message) {
            case ServerMessage.AuthOk ok -> authenticated(ok);
            case ServerMessage.Subscribed subscribed -> streams.onSubscribed(subscribed);
            case ServerMessage.Unsubscribed unsubscribed -> { }
            case ServerMessage.Pong pong -> { }
            case ServerMessage.Ack ack -> commands.onAck(ack);
            case ServerMessage.Receipt receipt -> commands.onReceipt(receipt);
            case ServerMessage.ErrorMessage error -> onError(error);
            case ServerMessage.Gap gap -> streams.onGap(gap, receivedNanos, receivedAtMillis);
            case ServerMessage.Notice notice -> onNotice(notice);
            case ServerMessage.CancelAllAfter answer -> settings.onAnswer(answer);
            case ServerMessage.CancelOnDisconnect answer -> { } // sent on every connection; nothing to do
            case StreamEvent event -> streams.onEvent(event, receivedNanos, receivedAtMillis);
            case Unknown unknown -> { } // a message type newer than this SDK: nothing to do with it
        }
    }

    /** A notice: a shutdown's sets how long the next reconnect waits at least. */
    private void onNotice(ServerMessage.Notice notice) {
        if (ServerMessage.Notice.SHUTDOWN.equals(notice.code()) && notice.reconnectAfterMs() != null) {
            noticeDelayMs = Math.min(notice.reconnectAfterMs(), MAX_NOTICE_DELAY_MS);
        }
        loop.emit(new SessionEvent.Notice(ClientLoop.now(), notice.code(), notice.message(),
                notice.reconnectAfterMs()));
    }

    /** An error: a command's refusal, a subscription's, or news for the session. */
    private void onError(ServerMessage.ErrorMessage error) {
        if (!commands.onError(error) && !streams.onError(error)) {
            loop.emit(new SessionEvent.Error(ClientLoop.now(), "server error " + error.code() + ": " + error.message(),
                    null));
        }
    }

    /** Loop thread: a frame (or a ping) arrived on connection {@code gen} at these times. */
    void heard(int gen, long receivedNanos, long receivedAtMillis) {
        if (gen == generation) {
            lastFrameNanos = receivedNanos;
            lastMessageAtMillis = receivedAtMillis;
        }
    }
}
