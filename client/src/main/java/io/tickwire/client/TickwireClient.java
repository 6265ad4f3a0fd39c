package io.tickwire.client;

import io.tickwire.client.account.AccountMirror;
import io.tickwire.client.book.BookProblem;
import io.tickwire.client.book.LocalBook;
import io.tickwire.client.order.OrderHandle;
import io.tickwire.client.order.PlaceOrder;
import io.tickwire.client.order.ReconciliationReport;
import io.tickwire.protocol.codec.Decoded;
import io.tickwire.protocol.codec.JsonCodec;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import io.tickwire.protocol.message.Unknown;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Tickwire WebSocket client that stays connected: it reconnects with backoff, resumes every
 * subscription from its cursor (dropping duplicates, resyncing on holes), keeps self-checking
 * local books and the account mirror, and tracks order commands to a known outcome.
 *
 * <pre>{@code
 * TickwireClient client = TickwireClient.builder()
 *     .uri(URI.create("ws://localhost:8080/ws"))
 *     .token(token)
 *     .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(30)).fullJitter())
 *     .build();
 * client.sessionEvents(event -> log.info("{}", event));
 * client.subscribe(Topic.book("BTC-USDT"), update -> ...);
 * LocalBook book = client.book("BTC-USDT");
 * OrderHandle order = client.placeOrder(PlaceOrder.limit("BTC-USDT", Side.BUY, "85000.00", "0.001"));
 * OrderOutcome outcome = order.resolved().get();
 * }</pre>
 *
 * <p>Threads: one loop thread owns all state (frames are decoded on the socket thread, then
 * handed to it); each listener runs on its own virtual thread behind a bounded queue; order
 * futures complete on a callback thread. Nothing a listener does can stall the socket.
 *
 * <p>Thread-safe. Close it when done ({@link #close()}).
 */
public final class TickwireClient implements AutoCloseable {

    private static final Duration LIVENESS_CHECK = Duration.ofMillis(500);

    private static final int MAX_PENDING_SENDS = 10_000;

    /**
     * Lookups that may find an acknowledged command absent before it is called not executed: the
     * server queued it, and its read side can trail its log by a moment (about 4 s with the backoff).
     */
    private static final int ACKED_ABSENT_LOOKUPS = 5;

    private final URI uri;
    /** The token for each (re)connect and each refresh; {@code null}: public topics only. */
    private final Supplier<String> token;
    /** Completes once connected (and authenticated, with a token); fails when the token is refused. */
    private final CompletableFuture<TickwireClient> ready = new CompletableFuture<>();
    private final ReconnectPolicy reconnect;
    private final ReconnectPolicy lookupBackoff;
    private final int listenerCapacity;
    private final Duration commandTimeout;
    private final Duration readTimeout;
    private final Duration pingInterval;
    private final Duration connectTimeout;
    private final Duration reconcileAfter;
    private final JsonCodec codec = new JsonCodec();
    private final HttpClient http;
    private final OrderLookup lookup;
    private final ScheduledExecutorService loop;
    private final ExecutorService callbacks;
    private final ListenerQueue<SessionEvent> sessionQueue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SecureRandom ids = new SecureRandom();

    /** Topic name to stream; written on the loop, read anywhere (for {@link #book} and {@link #account}). */
    private final Map<String, TopicStream> streams = new ConcurrentHashMap<>();
    /** The loop's thread: the JDK may deliver a frame on it (see {@code handOff}). */
    private volatile Thread loopThread;

    private volatile ConnectionStatus status = ConnectionStatus.CONNECTING;
    private volatile long lastMessageAtMillis;
    private volatile int reconnects;

    // ---------------------------------------------------------------- loop thread only
    private WebSocket socket;
    private int generation;
    private CompletableFuture<WebSocket> sendChain = CompletableFuture.completedFuture(null);
    private long nextRequestId = 1;
    private int attempt;
    private int attemptsSinceConnected;
    private boolean everConnected;
    /** The server accepted the token on the connection being opened (its auth.ok may come first). */
    private boolean authenticatedHere;
    private long lastFrameNanos;
    private long disconnectedAtNanos;
    private final Map<Long, TrackedCommand> inFlight = new LinkedHashMap<>();
    private final List<TrackedCommand> reconciling = new ArrayList<>();
    private final Map<Long, String> subscribeIds = new HashMap<>();
    /** Every command not yet resolved, from any thread: what close() must resolve. */
    private final Set<TrackedCommand> unresolved = ConcurrentHashMap.newKeySet();
    /** Completes order futures, one virtual thread each: a caller blocking in one cannot stall another. */
    private final ExecutorService completions = Executors.newVirtualThreadPerTaskExecutor();
    /** Writes handed to the socket and not yet done: a connection whose writes stall is replaced. */
    private final AtomicInteger pendingSends = new AtomicInteger();

    private TickwireClient(Builder b) {
        this.uri = b.uri;
        this.token = b.tokenSupplier;
        this.reconnect = b.reconnect;
        this.lookupBackoff = ReconnectPolicy.exponential(Duration.ofMillis(250), Duration.ofSeconds(10)).fullJitter();
        this.listenerCapacity = b.listenerQueueCapacity;
        this.commandTimeout = b.commandTimeout;
        this.readTimeout = b.readTimeout;
        this.pingInterval = b.pingInterval;
        this.connectTimeout = b.connectTimeout;
        this.reconcileAfter = b.reconcileAfter;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.lookup = new OrderLookup(http, b.restUri != null ? b.restUri : OrderLookup.restBase(uri), token, codec);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tickwire-client-loop");
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
        this.callbacks = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("tickwire-callbacks").factory());
        this.sessionQueue = new ListenerQueue<>("session", 4096, null, t -> { });
        loop.execute(this::dial);
        long check = Math.min(LIVENESS_CHECK.toMillis(), Math.max(10, readTimeout.toMillis() / 4));
        loop.scheduleWithFixedDelay(this::checkLiveness, check, check, TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(this::heartbeat, pingInterval.toMillis(), pingInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A builder; {@link Builder#uri} is required. */
    public static Builder builder() {
        return new Builder();
    }

    // ================================================================ public API

    /**
     * Delivers connection-level events to {@code listener}, on its own thread, including those
     * that happened before this call (up to 4,096 are kept for a listener not yet set).
     *
     * @throws IllegalStateException if a session listener is set already
     */
    public void sessionEvents(Consumer<SessionEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (sessionQueue) {
            if (sessionQueue.hasListener()) {
                throw new IllegalStateException("a session listener is set already");
            }
            sessionQueue.listen(listener);
        }
    }

    /** Subscribes from now on: a snapshot first for book and account topics, then live events. */
    public Subscription subscribe(Topic topic, Consumer<Update> listener) {
        return subscribe(topic, null, listener);
    }

    /**
     * Subscribes, resuming after {@code since} (null: from now, with a snapshot). The subscription
     * lasts until closed; after each reconnect it resumes from the last event received, so the
     * listener sees every event once and in order, or a {@link Update.Gap} saying what the server
     * could not deliver. The listener runs on its own thread behind a bounded queue (see {@link
     * Builder#listenerQueueCapacity}). A book topic always starts from a snapshot, whatever
     * {@code since} says: its local book needs one. An {@code account} resumed from a cursor
     * leaves {@link #account()} empty until a snapshot arrives.
     *
     * @throws IllegalStateException if {@code topic} is subscribed already, or the client is closed
     */
    public Subscription subscribe(Topic topic, Cursor since, Consumer<Update> listener) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(listener, "listener");
        if (closed.get()) {
            throw new IllegalStateException("the client is closed");
        }
        TopicStream stream = new TopicStream(this, topic, since, new ListenerQueue<>(topic.name(), listenerCapacity,
                listener, t -> emit(new SessionEvent.Error(now(), "the listener of " + topic.name() + " threw " + t,
                        t))));
        if (streams.putIfAbsent(topic.name(), stream) != null) {
            stream.listener.stop();
            throw new IllegalStateException(topic.name() + " is subscribed already; close that subscription first");
        }
        try {
            // Unless a (re)connect got there first and subscribed it already.
            loop.execute(() -> {
                if (stream.subscribedOn != generation) {
                    sendSubscribe(stream, resumeFrom(stream));
                }
            });
        } catch (RejectedExecutionException closing) {
            streams.remove(topic.name(), stream);
            stream.listener.stop();
            throw new IllegalStateException("the client is closed");
        }
        return stream;
    }

    /**
     * The local book of {@code market}, kept by the {@code book.<market>} subscription.
     *
     * @throws IllegalStateException if that topic is not subscribed
     */
    public LocalBook book(String market) {
        TopicStream stream = streams.get(Topic.book(market).name());
        if (stream == null) {
            throw new IllegalStateException("subscribe to book." + market + " first");
        }
        return stream.book;
    }

    /**
     * The account mirror, kept by the {@code account} subscription.
     *
     * @throws IllegalStateException if {@code account} is not subscribed
     */
    public AccountMirror account() {
        TopicStream stream = streams.get(Topic.account().name());
        if (stream == null) {
            throw new IllegalStateException("subscribe to account first");
        }
        return stream.account;
    }

    /**
     * Sends {@code order.place}. A {@code client_order_id} is generated when the order has none,
     * so that the outcome can always be reconciled. If the client is not connected nothing is
     * sent and the handle resolves at once as {@link io.tickwire.client.order.CommandStatus#NOT_EXECUTED}.
     */
    public OrderHandle placeOrder(PlaceOrder order) {
        Objects.requireNonNull(order, "order");
        String clientOrderId = order.clientOrderId() != null ? order.clientOrderId() : newClientOrderId();
        TrackedCommand command = track(new TrackedCommand(TrackedCommand.Kind.PLACE, id
                -> new ClientMessage.OrderPlace(id,
                order.market(), order.side(), order.orderType(), order.tif(), order.price(), order.qty(),
                        clientOrderId),
                OrderRef.byClientId(clientOrderId), clientOrderId, this::callback, this::complete));
        submit(command);
        return command;
    }

    /** Sends {@code order.cancel} for {@code order} (by order id or client order id). */
    public OrderHandle cancel(OrderRef order) {
        Objects.requireNonNull(order, "order");
        TrackedCommand command = track(new TrackedCommand(TrackedCommand.Kind.CANCEL,
                id -> new ClientMessage.OrderCancel(id, order), order, clientId(order), this::callback,
                        this::complete));
        submit(command);
        return command;
    }

    /**
     * Sends {@code order.amend}: a new price and/or quantity (decimal strings; null leaves it).
     *
     * @throws IllegalArgumentException if both are null or one is not a decimal
     */
    public OrderHandle amend(OrderRef order, String price, String qty) {
        Objects.requireNonNull(order, "order");
        Decimal newPrice = price == null ? null : decimal("price", price);
        Decimal newQty = qty == null ? null : decimal("qty", qty);
        new ClientMessage.OrderAmend(null, order, newPrice, newQty); // validates now, in the caller's thread
        TrackedCommand command = track(new TrackedCommand(TrackedCommand.Kind.AMEND,
                id -> new ClientMessage.OrderAmend(id, order, newPrice, newQty), order, clientId(order), this::callback,
                this::complete));
        submit(command);
        return command;
    }

    /**
     * The first connection, as a future: it completes with this client once the connection is
     * open and, when a token is configured, the server has accepted it ({@code auth.ok}); it fails
     * with an {@link IllegalStateException} when the server refuses the token, or the client is
     * closed first. Commands sent before then come back {@code NOT_EXECUTED}, so wait for it:
     * {@code client.connect().get(10, SECONDS)}.
     *
     * <p>In this version {@link Builder#build()} already starts connecting, and this returns the
     * future of that first connection (the same one every call). Reconnects after it happen by
     * themselves and do not change it.
     */
    public CompletableFuture<TickwireClient> connect() {
        return ready.copy();
    }

    /** The connection's status, the time of the last frame received and the reconnect count. */
    public ConnectionState connectionState() {
        long last = lastMessageAtMillis;
        return new ConnectionState(status, last == 0 ? null : Instant.ofEpochMilli(last), reconnects);
    }

    /**
     * Stops everything promptly: sends a close frame, stops the listeners (a listener call in
     * progress finishes), and resolves order commands still in doubt as UNKNOWN_EXECUTION.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    shutdownOnLoop();
                } finally {
                    done.complete(null);
                }
            });
            done.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the loop is stuck or gone: what follows stops it anyway
        }
        loop.shutdownNow();
        try {
            loop.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Commands submitted while the client was closing, or left by a stuck loop: resolve them.
        List.copyOf(unresolved).forEach(TrackedCommand::abandoned);
        sessionQueue.stop();
        streams.values().forEach(s -> s.listener.stop());
        callbacks.shutdown();
        completions.shutdown();
        try {
            callbacks.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.shutdownNow();
    }

    @Override
    public String toString() {
        return "TickwireClient[" + uri + ", " + status + "]";
    }

    // ================================================================ connection (loop thread)

    /** Opens a connection (the first, or a reconnect), presenting the supplier's current token. */
    private void dial() {
        if (closed.get()) {
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
        builder.buildAsync(uri, new SocketListener(gen)).whenComplete((ws, failure) ->
                onLoop(() -> opened(gen, ws, failure)));
    }

    private void opened(int gen, WebSocket ws, Throwable failure) {
        if (gen != generation || closed.get()) {
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
        status = ConnectionStatus.CONNECTED;
        if (!everConnected) {
            everConnected = true;
            emit(new SessionEvent.Connected(now()));
        } else {
            reconnects++;
            emit(new SessionEvent.Reconnected(now(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - disconnectedAtNanos), attemptsSinceConnected));
        }
        attemptsSinceConnected = 0;
        if (token == null || authenticatedHere) {
            // Ready: connected, and authenticated when there is a token. The server's auth.ok can be
            // read before this runs (the JDK hands over the first frame before the open completes).
            ready.complete(this);
        }
        subscribeIds.clear();
        for (TopicStream stream : streams.values()) {
            if (!stream.closed) {
                sendSubscribe(stream, resumeFrom(stream));
            }
        }
        pumpReconciliation();
    }

    /** The token to present now, from the supplier; {@code null} without one (or if it gave none). */
    private String currentToken() {
        if (token == null) {
            return null;
        }
        try {
            return token.get();
        } catch (RuntimeException e) {
            emit(new SessionEvent.Error(now(), "the token supplier threw " + e, e));
            return null;
        }
    }

    /**
     * The server accepted a token. Before it expires, a fresh one from the supplier is sent as an
     * {@code auth} message, so the connection lives on (a connection whose token expires is closed
     * with 4001). A supplier that keeps giving the same token gets asked again until the end.
     */
    private void authenticated(ServerMessage.AuthOk ok) {
        authenticatedHere = true;
        if (status == ConnectionStatus.CONNECTED) {
            ready.complete(this); // else opened() completes it
        }
        int gen = generation;
        long lifetime = ok.expiresAt() - System.currentTimeMillis();
        // A tenth of the lifetime ahead, at most a minute: room for a slow supplier and a round trip.
        long refreshIn = Math.max(0, lifetime - Math.min(60_000, lifetime / 10));
        loop.schedule(() -> refreshToken(gen, ok.expiresAt()), refreshIn, TimeUnit.MILLISECONDS);
    }

    private void refreshToken(int gen, long expiresAt) {
        if (gen != generation || socket == null || closed.get()) {
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
    private void lost(int gen, int code, String reason) {
        if (gen != generation || closed.get() || status == ConnectionStatus.CLOSED) {
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
        status = everConnected ? ConnectionStatus.DEGRADED : ConnectionStatus.CONNECTING;
        for (TrackedCommand command : inFlight.values()) {
            doubt(command, "connection lost before the receipt");
        }
        inFlight.clear();
        for (TopicStream stream : streams.values()) {
            stream.pendingSubscribeId = null;
        }
        Duration delay = reconnect.delay(attempt++);
        emit(new SessionEvent.Disconnected(now(), code, reason, delay.toMillis()));
        loop.schedule(this::dial, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void fatal(String why, Throwable cause) {
        status = ConnectionStatus.CLOSED;
        ready.completeExceptionally(new IllegalStateException(why, cause));
        emit(new SessionEvent.Error(now(), why + "; the client is closed", cause));
        for (TrackedCommand command : inFlight.values()) {
            command.abandoned();
        }
        inFlight.clear();
        reconciling.forEach(TrackedCommand::abandoned);
        reconciling.clear();
    }

    private void shutdownOnLoop() {
        status = ConnectionStatus.CLOSED;
        ready.completeExceptionally(new IllegalStateException("the client was closed before it connected"));
        generation++;
        if (socket != null) {
            WebSocket ws = socket;
            socket = null;
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "client closed").orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((x, e) -> ws.abort());
        }
        inFlight.values().forEach(TrackedCommand::abandoned);
        inFlight.clear();
        reconciling.forEach(TrackedCommand::abandoned);
        reconciling.clear();
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

    private void send(ClientMessage message) {
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
                onLoop(() -> lost(gen, -1, "send failed: " + failure));
            }
        });
    }

    // ================================================================ frames (loop thread)

    private void onFrame(int gen, ServerMessage message, long receivedNanos, long receivedAtMillis) {
        if (gen != generation) {
            return;
        }
        attempt = 0; // a frame arrived on this connection: the backoff starts over
        switch (message) {
            case ServerMessage.AuthOk ok -> authenticated(ok);
            case ServerMessage.Subscribed subscribed -> onSubscribed(subscribed);
            case ServerMessage.Unsubscribed unsubscribed -> { }
            case ServerMessage.Pong pong -> { }
            case ServerMessage.Ack ack -> {
                TrackedCommand command = ack.id() == null ? null : inFlight.get(ack.id());
                if (command != null) {
                    command.acked(ack);
                }
            }
            case ServerMessage.Receipt receipt -> onReceipt(receipt);
            case ServerMessage.ErrorMessage error -> onError(error);
            case ServerMessage.Gap gap -> onGap(gap, receivedNanos, receivedAtMillis);
            case StreamEvent event -> onEvent(event, receivedNanos, receivedAtMillis);
            case Unknown unknown -> { } // a message type newer than this SDK: nothing to do with it
        }
    }

    private void onSubscribed(ServerMessage.Subscribed subscribed) {
        TopicStream stream = streams.get(subscribed.topic().name());
        if (stream == null || stream.pendingSubscribeId == null || !stream.pendingSubscribeId.equals(subscribed.id())) {
            return; // an answer to an older subscribe
        }
        stream.pendingSubscribeId = null;
        subscribeIds.remove(subscribed.id());
        boolean hasSnapshots = stream.book != null || stream.account != null;
        if (!hasSnapshots && (!subscribed.recovered() || stream.cursor == null)) {
            // Live trades follow the head. Topics with snapshots take their cursor from the
            // snapshot: until it arrives there is nothing to resume from.
            stream.cursor = new Cursor(subscribed.epoch(), subscribed.seq());
        }
        if (!hasSnapshots) {
            stream.ready.complete(stream);
        }
    }

    private void onReceipt(ServerMessage.Receipt receipt) {
        TrackedCommand command = receipt.id() == null ? null : inFlight.remove(receipt.id());
        if (command == null && receipt.id() == null) {
            // Without our id: match by request id, or a place by its client order id; never by market.
            for (var it = inFlight.values().iterator(); it.hasNext() && command == null; ) {
                TrackedCommand candidate = it.next();
                if (receipt.requestId().equals(candidate.requestId)
                        || (candidate.kind == TrackedCommand.Kind.PLACE && receipt.clientOrderId() != null
                            && receipt.clientOrderId().equals(candidate.clientOrderId()))) {
                    command = candidate;
                    it.remove();
                }
            }
        }
        if (command != null) {
            reconciling.remove(command);
            command.receipted(receipt);
        }
    }

    private void onError(ServerMessage.ErrorMessage error) {
        if (error.id() != null) {
            TrackedCommand command = inFlight.remove(error.id());
            if (command != null) {
                reconciling.remove(command);
                if (error.errorCode() == ErrorCode.RATE_LIMITED) {
                    command.dropped(error); // never reached the sequencer
                } else {
                    command.refused(error);
                }
                return;
            }
            String topic = subscribeIds.remove(error.id());
            if (topic != null) {
                TopicStream stream = streams.get(topic);
                if (stream != null && error.id().equals(stream.pendingSubscribeId)) {
                    subscribeRefused(stream, error);
                }
                return;
            }
        }
        emit(new SessionEvent.Error(now(), "server error " + error.code() + ": " + error.message(), null));
    }

    private void subscribeRefused(TopicStream stream, ServerMessage.ErrorMessage error) {
        ErrorCode code = error.errorCode();
        if (code == ErrorCode.INTERNAL || code == ErrorCode.RATE_LIMITED) {
            emit(new SessionEvent.Error(now(), "subscribe to " + stream.topic.name() + " failed (" + error.message()
                    + "); retrying in 1 s", null));
            stream.pendingSubscribeId = null;
            int gen = generation;
            loop.schedule(() -> {
                if (gen == generation && !stream.closed) {
                    sendSubscribe(stream, resumeFrom(stream));
                }
            }, 1, TimeUnit.SECONDS);
            return;
        }
        stream.refusal = error.code() + " (" + error.message() + ")";
        stream.ready.completeExceptionally(new IllegalStateException(stream.topic.name() + " refused: "
                + stream.refusal));
        emit(new SessionEvent.Error(now(), "subscribe to " + stream.topic.name() + " refused: " + error.code() + " ("
                + error.message() + "); the subscription is closed", null));
        stream.closed = true;
        stream.listener.stop();
        streams.remove(stream.topic.name(), stream);
    }

    private void onGap(ServerMessage.Gap gap, long receivedNanos, long receivedAtMillis) {
        TopicStream stream = streams.get(gap.topic().name());
        if (stream == null || stream.awaitingSubscribed()) {
            return;
        }
        emit(new SessionEvent.Gap(now(), gap.topic(), gap.epoch(), gap.fromSeq(), gap.toSeq(), gap.reason()));
        if (stream.lagging) {
            return; // what the listener missed is fetched again after it catches up, this gap with it
        }
        if (!stream.listener.offer(new Update.Gap(gap.topic(), gap.epoch(), gap.fromSeq(), gap.toSeq(), gap.reason(),
                receivedNanos, receivedAtMillis))) {
            startLagging(stream, stream.delivered == null ? 0 : stream.delivered.seq());
        }
    }

    private void onEvent(StreamEvent event, long receivedNanos, long receivedAtMillis) {
        TopicStream stream = streams.get(event.topic().name());
        if (stream == null || stream.closed || stream.awaitingSubscribed()) {
            return; // not (or no longer, or not yet again) ours
        }
        EventPayload data = event.data();
        boolean snapshot = data instanceof EventPayload.BookSnapshot || data instanceof EventPayload.AccountSnapshot;
        boolean control = data instanceof EventPayload.BookInvalidated; // carries the last seq, not a new one
        if (!snapshot && !control) {
            Cursor cursor = stream.cursor;
            if (cursor == null) {
                return; // waiting for the snapshot
            }
            if (cursor.epoch().equals(event.epoch()) && event.seq() <= cursor.seq()) {
                return; // a duplicate after a resume
            }
            if (!cursor.epoch().equals(event.epoch()) || event.seq() != cursor.seq() + 1) {
                hole(stream, event, cursor);
                return;
            }
        }
        if (!control) {
            stream.cursor = event.cursor();
        }
        if (stream.book != null && !stream.book.isValid() && data instanceof EventPayload.BookDelta
                && stream.book.problem().isEmpty()) {
            // Deltas with no snapshot under them (a subscription resumed from a caller's cursor):
            // pass them on, and fetch a snapshot so that the local book can be built.
            deliver(stream, new Update.Event(event.topic(), event.epoch(), event.seq(), event.ts(), data,
                    receivedNanos, receivedAtMillis));
            resubscribe(stream, null);
            return;
        }
        if (stream.book != null) {
            Optional<BookProblem> problem = stream.book.apply(event);
            if (problem.isPresent()) {
                emit(new SessionEvent.BookInvalidated(now(), stream.book.market(), problem.get()));
                if (!(problem.get() instanceof BookProblem.Invalidated)) {
                    resubscribe(stream, null); // the server's own invalidation is followed by a snapshot
                }
            }
        } else if (stream.account != null) {
            stream.account.apply(event);
        }
        if (snapshot && (stream.book == null || stream.book.isValid())) {
            stream.ready.complete(stream); // the mirror now reflects the venue
        }
        deliver(stream, new Update.Event(event.topic(), event.epoch(), event.seq(), event.ts(), data,
                receivedNanos, receivedAtMillis));
    }

    /** An event that does not follow the cursor: the stream resyncs rather than serve a hole. */
    private void hole(TopicStream stream, StreamEvent event, Cursor cursor) {
        if (stream.book != null) {
            Optional<BookProblem> problem = stream.book.apply(event);
            emit(new SessionEvent.BookInvalidated(now(), stream.book.market(),
                    problem.orElse(new BookProblem.SequenceGap(cursor.seq() + 1, event.seq()))));
            resubscribe(stream, null);
        } else {
            emit(new SessionEvent.Error(now(), "hole in " + stream.topic.name() + ": expected " + cursor.next()
                    + ", received " + event.cursor() + "; resuming from " + cursor, null));
            resubscribe(stream, cursor);
        }
    }

    private void deliver(TopicStream stream, Update.Event update) {
        if (stream.lagging) {
            stream.dropped++;
            stream.lastDropped = update.seq();
            return;
        }
        if (stream.listener.offer(update)) {
            stream.delivered = update.cursor();
            return;
        }
        startLagging(stream, update.seq());
    }

    private void startLagging(TopicStream stream, long seq) {
        stream.lagging = true;
        stream.dropped = 1;
        stream.firstDropped = seq;
        stream.lastDropped = seq;
        stream.listener.onceDrained(() -> onLoop(() -> caughtUp(stream)));
    }

    /**
     * A lagging listener has drained half its queue: tell the session, then give the listener
     * what it needs to be whole again. A book listener gets a snapshot of the local book (which
     * never lagged); other topics are fetched again from the last event the listener was given.
     */
    private void caughtUp(TopicStream stream) {
        if (stream.closed || !stream.lagging) {
            return;
        }
        stream.lagging = false;
        emit(new SessionEvent.Lagged(now(), stream.topic, stream.dropped, stream.firstDropped, stream.lastDropped));
        if (stream.book != null) {
            Optional<EventPayload.BookSnapshot> snapshot = stream.book.snapshot();
            if (snapshot.isPresent()) {
                long at = System.currentTimeMillis();
                Update.Event update = new Update.Event(stream.topic, stream.book.epoch(), stream.book.seq(), at,
                        snapshot.get(), System.nanoTime(), at);
                if (stream.listener.offer(update)) {
                    stream.delivered = update.cursor();
                }
            } // else the book is resyncing and a server snapshot is on its way
            return;
        }
        Cursor from = stream.delivered;
        stream.cursor = from;
        if (socket != null) {
            resubscribe(stream, from);
        }
    }

    // ================================================================ subscriptions (loop thread)

    private void sendSubscribe(TopicStream stream, Cursor since) {
        if (socket == null || stream.closed) {
            return; // sent on (re)connect
        }
        long id = nextRequestId++;
        stream.pendingSubscribeId = id;
        stream.subscribedOn = generation;
        subscribeIds.put(id, stream.topic.name());
        send(new ClientMessage.Subscribe(id, stream.topic, since));
    }

    /** Where a stream resumes: its cursor, or from scratch (a snapshot) if its local book is not valid. */
    private static Cursor resumeFrom(TopicStream stream) {
        return stream.book != null && !stream.book.isValid() ? null : stream.cursor;
    }

    private void resubscribe(TopicStream stream, Cursor since) {
        if (socket == null) {
            return;
        }
        send(new ClientMessage.Unsubscribe(nextRequestId++, stream.topic));
        sendSubscribe(stream, since);
    }

    void unsubscribe(TopicStream stream) {
        streams.remove(stream.topic.name(), stream);
        onLoop(() -> {
            if (socket != null) {
                send(new ClientMessage.Unsubscribe(nextRequestId++, stream.topic));
            }
        });
    }

    // ================================================================ orders (loop thread)

    /** Remembers a command until it resolves, so that close() can resolve whatever is left. */
    private TrackedCommand track(TrackedCommand command) {
        unresolved.add(command);
        command.resolvedFuture().whenComplete((outcome, failure) -> unresolved.remove(command));
        return command;
    }

    private void submit(TrackedCommand command) {
        if (closed.get()) {
            command.notSent("the client is closed");
            return;
        }
        Runnable send = () -> {
            if (socket == null) {
                command.notSent("not connected (" + status + ")");
                return;
            }
            long id = nextRequestId++;
            command.wireId = id;
            command.sentAtNanos = System.nanoTime();
            inFlight.put(id, command);
            send(command.message.apply(id));
            int gen = generation;
            loop.schedule(() -> {
                if (gen == generation && inFlight.containsKey(id) && !command.isResolved()) {
                    // A connection that owes a receipt this long is sick, and while it lives a queued
                    // write or a late receipt could contradict what reconciliation concludes: replace it.
                    doubt(command, "no receipt within " + commandTimeout.toMillis() + " ms");
                    lost(gen, -1, "no receipt for a command within " + commandTimeout.toMillis() + " ms");
                }
            }, commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
        };
        try {
            loop.execute(send);
        } catch (RejectedExecutionException closing) {
            command.notSent("the client is closed");
        }
    }

    /** The outcome became unknown: reconcile once the server can be asked. */
    private void doubt(TrackedCommand command, String why) {
        if (command.isResolved() || command.reconciling) {
            return;
        }
        command.unknown(why);
        command.reconciling = true;
        command.lookups = 0;
        // Let a command still queued on the server reach its outcome before asking about it.
        command.nextLookupAtNanos = Math.max(System.nanoTime(), command.sentAtNanos + reconcileAfter.toNanos());
        long delayNanos = command.nextLookupAtNanos - System.nanoTime();
        command.recoveryScheduled(why, 1, TimeUnit.NANOSECONDS.toMillis(delayNanos));
        reconciling.add(command);
        loop.schedule(this::pumpReconciliation, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void pumpReconciliation() {
        if (socket == null || closed.get()) {
            return; // resumed on reconnect: a lookup is only certain when the server is reachable
        }
        long now = System.nanoTime();
        long nextDue = Long.MAX_VALUE;
        for (TrackedCommand command : List.copyOf(reconciling)) {
            if (command.isResolved()) {
                reconciling.remove(command);
            } else if (!command.lookupInFlight && now - command.nextLookupAtNanos < 0) {
                nextDue = Math.min(nextDue, command.nextLookupAtNanos - now); // not yet: come back then
            } else if (!command.lookupInFlight) {
                command.lookupInFlight = true;
                command.lookups++;
                lookup.find(command.target).whenComplete((result, failure) -> onLoop(() ->
                        looked(command, failure != null ? new OrderLookup.Result.Failed(failure.toString()) : result)));
            }
        }
        if (nextDue != Long.MAX_VALUE) {
            loop.schedule(this::pumpReconciliation, nextDue, TimeUnit.NANOSECONDS);
        }
    }

    private void looked(TrackedCommand command, OrderLookup.Result result) {
        command.lookupInFlight = false;
        if (command.isResolved() || closed.get()) {
            reconciling.remove(command);
            return;
        }
        switch (result) {
            case OrderLookup.Result.Found found -> {
                reconciling.remove(command);
                inFlight.values().remove(command);
                command.reconciled(new ReconciliationReport(command.clientOrderId(), found.order(), command.lookups));
            }
            case OrderLookup.Result.Absent absent when command.requestId != null
                    && command.lookups < ACKED_ABSENT_LOOKUPS -> retryLookup(command,
                    "acked but not visible yet (the server's read side may lag its log)");
            case OrderLookup.Result.Absent absent -> {
                reconciling.remove(command);
                inFlight.values().remove(command);
                command.reconciled(new ReconciliationReport(command.clientOrderId(), null, command.lookups));
            }
            case OrderLookup.Result.Failed failed -> retryLookup(command, failed.why());
            case OrderLookup.Result.Refused refused -> {
                reconciling.remove(command);
                command.unresolvable(refused.why());
            }
        }
    }

    private void retryLookup(TrackedCommand command, String why) {
        Duration delay = lookupBackoff.delay(command.lookups - 1);
        command.nextLookupAtNanos = System.nanoTime() + delay.toNanos();
        command.recoveryScheduled(why, command.lookups + 1, delay.toMillis());
        loop.schedule(this::pumpReconciliation, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ================================================================ plumbing

    private void complete(Runnable task) {
        try {
            completions.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run();
        }
    }

    private void emit(SessionEvent event) {
        sessionQueue.offer(event); // a session listener too slow for 4,096 events loses the oldest news
    }

    private void callback(Runnable task) {
        try {
            callbacks.execute(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    emit(new SessionEvent.Error(now(), "an order listener threw " + t, t));
                }
            });
        } catch (RejectedExecutionException closed) {
            task.run(); // the client is closed: complete what is left on the caller's thread
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException closing) {
            // the client is closed
        }
    }

    private String newClientOrderId() {
        byte[] bytes = new byte[12];
        ids.nextBytes(bytes);
        return "tw-" + HexFormat.of().formatHex(bytes);
    }

    private static String clientId(OrderRef ref) {
        return ref instanceof OrderRef.ByClientId byClientId ? byClientId.clientOrderId() : null;
    }

    private static Decimal decimal(String field, String text) {
        try {
            return Decimal.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " \"" + text + "\" is not a decimal: " + e.getMessage(), e);
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    /** Reads one connection: joins fragments, timestamps and decodes each frame, hands it to the loop. */
    private final class SocketListener implements WebSocket.Listener {
        private final int gen;
        private final StringBuilder partial = new StringBuilder();

        SocketListener(int gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long receivedNanos = System.nanoTime();
            long receivedAtMillis = System.currentTimeMillis();
            partial.append(data);
            if (partial.length() > JsonCodec.DEFAULT_MAX_SERVER_FRAME) {
                partial.setLength(0);
                webSocket.abort();
                onLoop(() -> lost(gen, 1009, "a frame from the server exceeded "
                        + JsonCodec.DEFAULT_MAX_SERVER_FRAME + " characters"));
                return null;
            }
            if (!last) {
                webSocket.request(1);
                return null;
            }
            String text = partial.toString();
            partial.setLength(0);
            Decoded<ServerMessage> decoded = codec.decodeServer(text);
            // Wait until the loop has handled it, then ask for the next frame from this thread:
            // reading pauses while the loop is busy (bounded memory, TCP pushes back), and demand
            // is only ever signalled from the listener's own thread (the JDK's WebSocket has
            // failed with an InternalError when request() raced a receive from another thread).
            handOff(() -> {
                if (gen == generation) {
                    lastFrameNanos = receivedNanos;
                    lastMessageAtMillis = receivedAtMillis;
                }
                switch (decoded) {
                    case Decoded.Ok<ServerMessage> ok -> onFrame(gen, ok.message(), receivedNanos, receivedAtMillis);
                    case Decoded.Invalid<ServerMessage> invalid -> emit(new SessionEvent.Error(now(),
                            "a frame from the server did not decode: " + invalid.error().message(), null));
                }
            });
            webSocket.request(1);
            return null;
        }

        /** Runs {@code task} on the loop and waits for it (not past the client's close). */
        private void handOff(Runnable task) {
            if (Thread.currentThread() == loopThread) {
                // When the handshake is already done as buildAsync returns, the JDK opens the
                // socket and delivers the first frames on the caller's thread: the loop itself.
                // Waiting for the loop here would wait forever.
                runReporting(task);
                return;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                loop.execute(() -> {
                    try {
                        runReporting(task);
                    } finally {
                        done.complete(null);
                    }
                });
            } catch (RejectedExecutionException closing) {
                return;
            }
            while (!closed.get()) {
                try {
                    done.get(100, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException stillBusy) {
                    // check closed, wait on
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException impossible) {
                    return;
                }
            }
        }

        private void runReporting(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException e) {
                emit(new SessionEvent.Error(now(), "handling a frame failed: " + e, e));
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            long receivedNanos = System.nanoTime();
            onLoop(() -> {
                if (gen == generation) {
                    lastFrameNanos = receivedNanos;
                    lastMessageAtMillis = System.currentTimeMillis();
                }
            });
            webSocket.request(1);
            return null; // the JDK answers with a pong
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            onLoop(() -> lost(gen, statusCode, reason == null || reason.isEmpty() ? "closed by the server" : reason));
            return null; // the JDK answers the close
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            onLoop(() -> lost(gen, -1, String.valueOf(error)));
        }
    }

    // ================================================================ builder

    /** Builds a {@link TickwireClient}; every setting but {@link #uri} has a default. */
    public static final class Builder {
        private URI uri;
        private URI restUri;
        private Supplier<String> tokenSupplier;
        private ReconnectPolicy reconnect = ReconnectPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(30))
                .fullJitter();
        private int listenerQueueCapacity = 10_000;
        private Duration commandTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(15);
        private Duration pingInterval = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconcileAfter = Duration.ofSeconds(1);

        private Builder() {
        }

        /**
         * The server's WebSocket endpoint, {@code ws://} or {@code wss://}, e.g.
         * {@code ws://localhost:8080/ws}.
         *
         * @throws IllegalArgumentException for any other scheme, or no host
         */
        public Builder uri(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
                throw new IllegalArgumentException("the URI must be ws:// or wss://, was \"" + uri + "\"");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the URI has no host: \"" + uri + "\"");
            }
            this.uri = uri;
            return this;
        }

        /** The JWT, sent as {@code Authorization: Bearer} on every connection; none for public topics only. */
        public Builder token(String token) {
            this.tokenSupplier = token == null ? null : () -> token;
            return this;
        }

        /**
         * Where tokens come from, instead of one fixed {@link #token}: asked on every (re)connect,
         * and shortly before the current token expires (a tenth of its lifetime ahead, at most a
         * minute), when a fresh one is sent as an {@code auth} message so that the server does not
         * close the connection (4001). It runs on the client's own thread: return at once, from a
         * cache refreshed elsewhere if fetching a token is slow.
         */
        public Builder tokenSupplier(Supplier<String> supplier) {
            this.tokenSupplier = Objects.requireNonNull(supplier, "supplier");
            return this;
        }

        /** How long to wait between connection attempts. Default: 500 ms doubling to 30 s, full jitter. */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The REST root used to reconcile orders. Default: the WebSocket URI's host and port over
         * http(s), e.g. {@code http://localhost:8080} for {@code ws://localhost:8080/ws}.
         */
        public Builder restUri(URI restUri) {
            Objects.requireNonNull(restUri, "restUri");
            if (!"http".equalsIgnoreCase(restUri.getScheme()) && !"https".equalsIgnoreCase(restUri.getScheme())) {
                throw new IllegalArgumentException("the REST URI must be http:// or https://, was \"" + restUri + "\"");
            }
            String text = restUri.toString();
            this.restUri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            return this;
        }

        /**
         * Updates queued per listener before it counts as lagging (default 10,000): beyond it
         * updates are dropped, a {@link SessionEvent.Lagged} is emitted and the listener is made
         * whole again (see {@link SessionEvent.Lagged}), never unbounded memory.
         */
        public Builder listenerQueueCapacity(int capacity) {
            if (capacity < 2) {
                throw new IllegalArgumentException("the listener queue capacity must be at least 2, was " + capacity);
            }
            this.listenerQueueCapacity = capacity;
            return this;
        }

        /** How long a command may wait for its receipt before its outcome is reconciled. Default 10 s. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive("commandTimeout", timeout);
            return this;
        }

        /**
         * A connection that delivers no frame for this long is treated as dead and replaced.
         * Default 15 s (three of the client's pings unanswered; the server also pings every 20 s).
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive("readTimeout", timeout);
            return this;
        }

        /**
         * How often the client pings the server (it answers with {@code pong}). Default 5 s: a
         * write is what reveals a connection whose peer vanished without a FIN the JDK noticed.
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive("pingInterval", interval);
            return this;
        }

        /** How long one connection attempt may take. Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * How long after sending a command its outcome is first looked up, when in doubt, so that
         * a command still queued on the server has reached its outcome. Default 1 s.
         */
        public Builder reconcileAfter(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("reconcileAfter must not be negative");
            }
            this.reconcileAfter = delay;
            return this;
        }

        /**
         * Builds the client and starts connecting.
         *
         * @throws IllegalStateException if no URI was given
         */
        public TickwireClient build() {
            if (uri == null) {
                throw new IllegalStateException("set the server's ws:// or wss:// URI with uri(...)");
            }
            return new TickwireClient(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
