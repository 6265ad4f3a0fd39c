package io.tickwire.client;

import io.tickwire.client.order.AmendOrder;
import io.tickwire.client.order.CancelAll;
import io.tickwire.client.order.CommandStatus;
import io.tickwire.client.order.DeadMansSwitch;
import io.tickwire.client.order.PlaceOrder;
import io.tickwire.client.order.TrackedCommand;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *     .listener(myListener)                       // one TickwireListener: state, session, commands
 *     .build();                                   // inert: nothing happens yet
 * client.connect().get(10, TimeUnit.SECONDS);     // connected and authenticated
 * BookSubscription btc = client.subscribe(Topic.book("BTC-USDT"), update -> ...);
 * btc.ready().get(5, TimeUnit.SECONDS);           // the first snapshot is in
 * LocalBook book = btc.book();
 * TrackedCommand order = client.placeOrder(PlaceOrder.limit("BTC-USDT", Side.BUY, "85000.00", "0.001"));
 * CommandOutcome outcome = order.resolved().get();
 * }</pre>
 *
 * <p>Threads: one loop thread ({@code ClientLoop}) owns all state (frames are decoded on the
 * socket thread, then handed to it); each subscription's callback runs on its own virtual thread
 * behind a bounded queue; the {@link TickwireListener} runs on one thread of its own; order
 * futures complete on threads of their own. Nothing user code does can stall the socket. This
 * class is the API; the work is the connection's ({@code Connection}), the subscriptions'
 * ({@code StreamSync}: resume, holes, lag, local books) and the commands' ({@code CommandTracker}:
 * tracking and reconciliation).
 *
 * <p>Thread-safe. Close it when done ({@link #close()}).
 *
 * <p>Past 450 lines on purpose: it is the SDK's one entry, and every public method carries the
 * Javadoc an IDE shows (about 180 of its lines); the work behind each is in the classes above.
 */
public final class TickwireClient implements AutoCloseable {
    private final URI uri;
    private final HttpClient http;
    private final ClientLoop loop;
    /** The WebSocket: dial, redial, token, liveness, frames. */
    private final Connection connection;
    /** Every subscription, its resume, its local book or mirror. */
    private final StreamSync streams;
    /** Order commands and their reconciliation. */
    private final CommandTracker commands;
    private final SessionSettings session;
    private final AtomicBoolean connecting = new AtomicBoolean();
    /** What this client was built with, for {@link #newBuilder()}. */
    private final Builder settings;

    private TickwireClient(Builder b) {
        this.settings = new Builder(b);
        this.uri = b.uri;
        this.loop = new ClientLoop(b.listener);
        JsonCodec codec = new JsonCodec();
        this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
        this.connection = new Connection(loop, uri, b.tokenSupplier, b.reconnect, b.readTimeout, b.pingInterval,
                b.connectTimeout, codec, http);
        this.streams = new StreamSync(loop, connection, b.listenerQueueCapacity);
        OrderLookup lookup = new OrderLookup(http, b.restUri != null ? b.restUri : OrderLookup.restBase(uri),
                b.tokenSupplier, codec);
        this.commands = new CommandTracker(loop, connection, lookup, b.commandTimeout, b.reconcileAfter);
        this.session = new SessionSettings(loop, connection, b.cancelOnDisconnect);
    }

    /** A builder; {@link Builder#uri} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this client's settings, to build another like it (another account's token,
     * say); the two clients share nothing but the listener, if one was given.
     */
    public Builder newBuilder() {
        return new Builder(settings);
    }

    // ================================================================ public API

    /**
     * Starts connecting (the first call; later calls return the same connection's future): it
     * completes with this client once the connection is open and, when a token is configured,
     * the server has accepted it ({@code auth.ok}); it fails with an {@link IllegalStateException}
     * when the server refuses the token, or the client is closed first. From then on the client
     * reconnects by itself. Subscriptions made before it wait for it; commands sent before the
     * connection is up come back {@code NOT_EXECUTED}, so wait for it:
     * {@code client.connect().get(10, SECONDS)}.
     */
    public CompletableFuture<TickwireClient> connect() {
        if (loop.isClosed()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the client is closed"));
        }
        if (connecting.compareAndSet(false, true)) {
            connection.start(streams, commands, session);
        }
        return connection.ready().thenApply(connected -> this);
    }

    /** The connection's status, the time of the last frame received and the reconnect count. */
    public ConnectionState connectionState() {
        return connection.state();
    }

    /**
     * Subscribes to {@code topic} from now on: a snapshot first for book and account topics, then
     * live events, each to {@code onUpdate}. What it returns is of the topic's kind: a
     * {@link BookSubscription} for a book, an {@link AccountSubscription} for the account (the
     * overloads for {@link Topic.Book} and {@link Topic.Account} say so in their type).
     *
     * @throws IllegalStateException if {@code topic} is subscribed already, or the client is closed
     */
    public Subscription subscribe(Topic topic, Consumer<Update> onUpdate) {
        return subscribe(topic, null, onUpdate);
    }

    /**
     * Subscribes, resuming after {@code since} (null: from now, with a snapshot). The subscription
     * lasts until closed; after each reconnect it resumes from the last event received, so
     * {@code onUpdate} sees every event once and in order, or a {@link Update.Gap} saying what the
     * server could not deliver. {@code onUpdate} runs on its own thread behind a bounded queue (see
     * {@link Builder#listenerQueueCapacity}). A book always starts from a snapshot, whatever
     * {@code since} says: its local book needs one. An {@code account} resumed from a cursor gets no
     * snapshot, so its mirror stays empty (see {@link AccountSubscription#account()}).
     *
     * @throws IllegalStateException if {@code topic} is subscribed already, or the client is closed
     */
    public Subscription subscribe(Topic topic, Cursor since, Consumer<Update> onUpdate) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(onUpdate, "onUpdate");
        return streams.subscribe(topic, since, onUpdate).handle;
    }

    /**
     * Subscribes to a market's book ({@code Topic.book("BTC-USDT")}): a snapshot, then every delta,
     * each applied to the subscription's {@link BookSubscription#book() local book} before
     * {@code onUpdate} sees it.
     *
     * @throws IllegalStateException if the book is subscribed already, or the client is closed
     */
    public BookSubscription subscribe(Topic.Book book, Consumer<Update> onUpdate) {
        return (BookSubscription) subscribe((Topic) book, null, onUpdate);
    }

    /**
     * Subscribes to the user's account ({@code Topic.account()}, which needs a token that may read
     * it): a snapshot, then every event, each applied to the subscription's
     * {@link AccountSubscription#account() account mirror} before {@code onUpdate} sees it.
     *
     * @throws IllegalStateException if the account is subscribed already, or the client is closed
     */
    public AccountSubscription subscribe(Topic.Account account, Consumer<Update> onUpdate) {
        return subscribe(account, null, onUpdate);
    }

    /**
     * Subscribes to the user's account, resuming after {@code since}: every event after it, and no
     * snapshot, so the mirror stays empty (null: from now, with a snapshot, as
     * {@link #subscribe(Topic.Account, Consumer)}).
     *
     * @throws IllegalStateException if the account is subscribed already, or the client is closed
     */
    public AccountSubscription subscribe(Topic.Account account, Cursor since, Consumer<Update> onUpdate) {
        return (AccountSubscription) subscribe((Topic) account, since, onUpdate);
    }

    /**
     * Sends {@code order.place}. A {@code client_order_id} is generated when the order has none,
     * so that the outcome can always be reconciled. If the client is not connected nothing is
     * sent and the command resolves at once as {@link CommandStatus#NOT_EXECUTED}.
     */
    public TrackedCommand placeOrder(PlaceOrder order) {
        Objects.requireNonNull(order, "order");
        return commands.place(order);
    }

    /**
     * Sends {@code order.batch} (protocol 1.1): 1 to 20 orders, sequenced one after another with
     * nothing between them. Every order gets a {@code client_order_id} when it has none. The one
     * command's receipt holds each order's outcome in its {@code results}, in order; the orders'
     * updates come on the account topic as for single orders. When the connection drops before the
     * receipt, the command resolves unknown: look each order up by its client order id (placing the
     * batch again is safe, as a duplicate client order id is rejected).
     */
    public TrackedCommand placeBatch(List<PlaceOrder> orders) {
        Objects.requireNonNull(orders, "orders");
        if (orders.isEmpty() || orders.size() > ClientMessage.OrderBatch.MAX_ORDERS) {
            throw new IllegalArgumentException("a batch holds 1 to " + ClientMessage.OrderBatch.MAX_ORDERS
                    + " orders");
        }
        return commands.placeBatch(orders);
    }

    /** Sends {@code order.cancel} for {@code order} (by order id or client order id). */
    public TrackedCommand cancel(OrderRef order) {
        Objects.requireNonNull(order, "order");
        return commands.cancel(order);
    }

    /** Sends {@code order.amend}: a new price and/or quantity for an open order. */
    public TrackedCommand amend(AmendOrder amend) {
        Objects.requireNonNull(amend, "amend");
        return commands.amend(amend);
    }

    /**
     * Sends {@code order.cancel_all} (protocol 1.1): every open order of this user in one market
     * ({@link CancelAll#inMarket}) or everywhere ({@link CancelAll#everywhere}). The receipt says how
     * many were canceled ({@link io.tickwire.protocol.message.ServerMessage.Receipt#canceled()}); each
     * order gets its {@code order.update} with {@code cancel_reason} {@code user}. When the connection
     * drops before the receipt the outcome stays unknown (there is no order to look up); sending it
     * again is safe.
     */
    public TrackedCommand cancelAll(CancelAll which) {
        Objects.requireNonNull(which, "which");
        return commands.cancelAll(which);
    }

    /**
     * Sets the user's dead man's switch ({@code order.cancel_all_after}, protocol 1.1): armed
     * ({@link DeadMansSwitch#after}), the server cancels every open order of the user unless it is
     * armed again within the timeout; {@link DeadMansSwitch#withAutoRefresh()} has this client re-arm
     * it while connected, and at once on every reconnect, until it is set again; {@link
     * DeadMansSwitch#disarmed()} turns it off.
     *
     * @return completes with when the switch fires unless re-armed (empty when disarmed), or fails
     *         when the client is not connected or the connection dropped before the answer
     */
    public CompletableFuture<Optional<Instant>> cancelAllAfter(DeadMansSwitch setting) {
        Objects.requireNonNull(setting, "setting");
        CompletableFuture<Optional<Instant>> answer = new CompletableFuture<>();
        loop.execute(() -> session.cancelAllAfter(setting, answer));
        return answer;
    }

    /**
     * Stops everything promptly: sends a close frame, stops the callbacks (a call in progress
     * finishes), resolves order commands still in doubt as UNKNOWN_EXECUTION, and tells the
     * listener ({@link ConnectionStatus#CLOSED}) before it stops. Idempotent.
     */
    @Override
    public void close() {
        if (!loop.markClosed()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    connection.shutdownOnLoop();
                } finally {
                    done.complete(null);
                }
            });
            done.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the loop is stuck or gone: what follows stops it anyway
        }
        loop.shutdown();
        commands.close();
        streams.stopAll();
        loop.listener().stop();
        http.shutdownNow();
    }

    @Override
    public String toString() {
        return "TickwireClient[" + uri + ", " + connection.status() + "]";
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
        private boolean cancelOnDisconnect;
        private TickwireListener listener;

        private Builder() {
        }

        private Builder(Builder other) {
            this.uri = other.uri;
            this.restUri = other.restUri;
            this.tokenSupplier = other.tokenSupplier;
            this.reconnect = other.reconnect;
            this.listenerQueueCapacity = other.listenerQueueCapacity;
            this.commandTimeout = other.commandTimeout;
            this.readTimeout = other.readTimeout;
            this.pingInterval = other.pingInterval;
            this.connectTimeout = other.connectTimeout;
            this.reconcileAfter = other.reconcileAfter;
            this.listener = other.listener;
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

        /**
         * The client's one listener: its connection's state changes, its session events and the
         * lifecycle of every order command, on a thread of its own (see {@link TickwireListener}).
         * Each subscription's data goes to the callback given to {@code subscribe} instead. Default:
         * none.
         */
        public Builder listener(TickwireListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
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
         * Updates queued per subscription callback before it counts as lagging (default 10,000):
         * beyond it updates are dropped, a {@link SessionEvent.Lagged} is emitted and the callback is
         * made whole again (see {@link SessionEvent.Lagged}), never unbounded memory.
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
         * Cancel on disconnect (protocol 1.1): when on, the client enables it on every connection it
         * opens, before any order goes out on it, so the orders placed through a connection that
         * ends (a cut, a timeout, a server shutdown) are canceled by the server. Orders placed
         * through the user's other connections are untouched. Default off.
         */
        public Builder cancelOnDisconnect(boolean enabled) {
            this.cancelOnDisconnect = enabled;
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
         * Builds the client. It does nothing yet: {@link TickwireClient#connect()} starts it.
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
