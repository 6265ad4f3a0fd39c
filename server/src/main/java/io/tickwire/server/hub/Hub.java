package io.tickwire.server.hub;

import io.tickwire.agent.Agent;
import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.IdleStrategy;
import io.tickwire.agent.SpscQueue;
import io.tickwire.engine.event.Receipt;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.EventHistory;
import io.tickwire.journal.JournalListener;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.metrics.ServerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub as other threads see it: the proxy through which the journal writer hands it durable
 * batches ({@link #onDurable}), network threads subscribe, unsubscribe, register receipts and read
 * durable state for REST, and event loops report lagging sessions. Every call returns at once:
 * it queues work for the hub thread, which runs the {@link HubAgent} (the streams, the mirrors,
 * the fan-out). No state of the agent is touched here.
 *
 * <p>The hub thread takes the requests queued so far, then the durable batches queued so far (at
 * most {@value #MAX_BATCHES_PER_ROUND}), then gives lagging book subscribers that have caught up
 * their snapshot, and again; with nothing to do it parks until a producer wakes it. Neither
 * hand-off takes a lock: batches go through a single-producer queue (the journal writer is the
 * only producer), requests through a lock-free linked queue. The batch queue is bounded: a hub
 * that falls behind makes the journal writer spin, then yield, rather than fill memory.
 */
public final class Hub implements JournalListener<CoreBatch>, AutoCloseable, HubQueue {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    /** Batches published per round, so that requests queued meanwhile wait at most this many. */
    static final int MAX_BATCHES_PER_ROUND = 256;
    /** How long the hub parks with nothing queued; producers unpark it, so this only bounds a lost race. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long it parks while lagging subscribers wait for their sockets to drain. */
    private static final long LAGGING_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Durable batches; the journal writer is the only producer. */
    private final SpscQueue<CommittedBatch<CoreBatch>> batches = new SpscQueue<>(1 << 16);
    /** Requests from other threads: never blocks them (they are small, and rate-limited per connection). */
    private final ConcurrentLinkedQueue<Runnable> control = new ConcurrentLinkedQueue<>();
    private final PendingReceipts receipts = new PendingReceipts();
    private final HubAgent agent;
    /** Runs {@link HubLoop} on {@code tickwire-hub}; producers wake it after they queue (no lost wake-up). */
    private final AgentRunner runner;
    private volatile EventHistory history;
    private volatile String epoch;
    /** Names of the public streams the hub has: a core's markets, a relay's captured topics as they come. */
    private final Set<String> knownStreams = ConcurrentHashMap.newKeySet();
    /** Whether the {@code account} topic is served: not on a relay, which holds public streams only. */
    private volatile boolean accounts = true;
    /** The epochs before the current one still held, for their cursors: a relay's; none elsewhere. */
    private volatile OlderEpochs olderEpochs = OlderEpochs.NONE;

    /** A book as of a durable seq. */
    public record BookView(String epoch, long seq, EventPayload.BookSnapshot snapshot) {
    }

    /** A user's durable account state. */
    public record AccountView(List<Balance> balances, List<Order> openOrders, Order order) {
    }

    public Hub(JsonCodec codec, ServerMetrics metrics) {
        this.agent = new HubAgent(codec, metrics, receipts, this, knownStreams, this::olderEpochs);
        this.runner = new AgentRunner(new HubLoop(),
                IdleStrategy.parking(() -> agent.hasLagging() ? LAGGING_PARK_NANOS : PARK_NANOS),
                e -> log.error("hub stopped", e)).closeBound(Duration.ofSeconds(5));
    }

    /**
     * Loads the mirrors from the recovered engine and the stream heads from the journal, then
     * starts the hub thread. Call before any command is submitted: the engine state and the
     * durable heads must describe the same moment.
     */
    public void start(TradingCore core) throws Exception {
        start(HubState.capture(core), core.journal());
    }

    /**
     * Loads {@code state} and starts the hub thread; the batches handed to {@link #onDurable}
     * follow {@code state.batch()}, and {@code history} holds their events for resumes and reads
     * (a gateway: the core's state, then its batches from JetStream).
     */
    public void start(HubState state, EventHistory history) {
        start(state, history, true);
    }

    /**
     * As {@link #start(HubState, EventHistory)}; without {@code accounts} the hub answers the
     * {@code account} topic as one that does not exist (a relay serves public streams only).
     */
    public void start(HubState state, EventHistory history, boolean accounts) {
        this.history = history;
        this.epoch = state.epoch();
        this.accounts = accounts;
        agent.load(state, history);
        runner.start();
    }

    /**
     * Starts again from {@code state} (a relay's new epoch, or its upstream's), once every batch
     * handed to {@link #onDurable} so far is published: the history, the epoch, every head and
     * book. The batches handed over after this call follow {@code state.batch()} in
     * {@code history}. Completes on the hub thread.
     */
    public CompletableFuture<Void> reload(HubState state, EventHistory next) {
        return call(() -> {
            batches.drain(this::publish, Integer.MAX_VALUE);
            agent.reload(state, next);
            this.history = next;
            this.epoch = state.epoch();
            return null;
        });
    }

    public String epoch() {
        return epoch;
    }

    /**
     * Serves cursors of the epochs {@code older} holds, over {@code /ws} resumes and {@code /events}:
     * they go on in their epoch, then into the next ones, rather than start again in the current
     * epoch. Set before the gateway serves (a relay's journals of its earlier epochs).
     */
    public void serveOlderEpochs(OlderEpochs older) {
        this.olderEpochs = older;
    }

    /** The epochs before the current one still held ({@link OlderEpochs#NONE} on a core or a gateway). */
    public OlderEpochs olderEpochs() {
        return olderEpochs;
    }

    /** Where the hub's streams are read back from by cursor: the journal on a core. */
    public EventHistory history() {
        return history;
    }

    /** The state as of the last batch the hub published, read on the hub thread: what a gateway starts from. */
    public CompletableFuture<HubState> state() {
        return call(agent::state);
    }

    // ------------------------------------------------------------------ the journal writer's thread

    @Override
    public void onDurable(CommittedBatch<CoreBatch> batch) {
        // Back-pressure to the journal writer if the hub falls behind; never drops a batch.
        while (!batches.offer(batch)) {
            if (!runner.isRunning()) {
                return; // closing: nobody will deliver it, and the writer must not spin forever
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        wake();
    }

    private void wake() {
        runner.wake();
    }

    // ------------------------------------------------------------------ any thread

    /** Registers where the receipt of {@code requestId} goes; call before submitting the command. */
    public void expectReceipt(long requestId, String wireRequestId, Session session, Long clientId) {
        receipts.expect(requestId, new PendingReceipts.Pending(session, clientId, wireRequestId, true, null), false);
    }

    /**
     * As {@link #expectReceipt}, for a command acknowledged first: its receipt is held until
     * {@link #acked} says the ack has gone, whichever comes first.
     */
    public void expectReceiptAfterAck(long requestId, String wireRequestId, Session session, Long clientId) {
        expectReceiptAfterAck(requestId, wireRequestId, session, clientId, null);
    }

    /**
     * As {@link #expectReceiptAfterAck(long, String, Session, Long)}, and {@code observer} sees the
     * engine's receipt on the hub thread, even once the session has closed.
     */
    public void expectReceiptAfterAck(long requestId, String wireRequestId, Session session, Long clientId,
                                      Consumer<Receipt> observer) {
        receipts.expect(requestId, new PendingReceipts.Pending(session, clientId, wireRequestId, false, observer),
                true);
    }

    /** The ack of {@code requestId} has been sent, or none will be: its receipt may go. */
    public void acked(long requestId) {
        receipts.acked(requestId);
    }

    /** Forgets a receipt that will never come (the command was not accepted by the sequencer). */
    public void cancelReceipt(long requestId) {
        receipts.cancel(requestId);
    }

    /** Subscribes (or resumes, with {@code since}) on the hub thread. */
    public void subscribe(Session session, Long id, Topic topic, Cursor since) {
        request(session, id, "subscribe", () -> agent.subscribe(session, id, topic, since));
    }

    /** Unsubscribes on the hub thread; answers {@code unsubscribed} even when it was not subscribed. */
    public void unsubscribe(Session session, Long id, Topic topic) {
        request(session, id, "unsubscribe", () -> agent.unsubscribe(session, id, topic));
    }

    /** Forgets a closed session everywhere. */
    public void closed(Session session) {
        execute(() -> agent.closed(session));
    }

    /**
     * From a delivery's thread: it stopped sending {@code stream} to {@code session}, which lags (it
     * said {@code book.invalidated}). The hub takes it off the live stream and gives it a snapshot
     * once it has caught up.
     */
    public void lagged(Session session, StreamKey stream) {
        execute(() -> agent.lagged(session, stream));
    }

    /** Whether a topic names something that exists (its market is known). */
    public boolean exists(Topic topic) {
        return switch (topic) {
            case Topic.Account a -> accounts;
            case Topic.Book b -> knownStreams.contains("book." + b.market());
            case Topic.Trades t -> knownStreams.contains("trades." + t.market());
            case Topic.Feed f -> knownStreams.contains(f.name());
            case Topic.Ticker t -> knownStreams.contains(t.name());
            case Topic.Candles c -> knownStreams.contains(c.name());
        };
    }

    /** The book of {@code market} at the hub's head ({@code null}: no such market); completes on the hub thread. */
    public CompletableFuture<BookView> book(String market) {
        return call(() -> agent.book(market));
    }

    /**
     * A user's balances and open orders, plus one order looked up by id (when {@code orderId} >
     * 0) or by client id (when {@code clientOrderId} is given); completes on the hub thread.
     */
    public CompletableFuture<AccountView> account(long userId, long orderId, String clientOrderId) {
        return call(() -> agent.account(userId, orderId, clientOrderId));
    }

    /**
     * The newest {@code limit} candles of {@code topic} that opened at or before {@code endTime},
     * oldest first ({@code null}: no such topic); completes on the hub thread.
     */
    public CompletableFuture<List<EventPayload.Candle>> candles(Topic.Candles topic, long endTime, int limit) {
        return call(() -> agent.candles(topic.name(), endTime, limit));
    }

    /** Streams that have at least one subscriber; completes on the hub thread. */
    public CompletableFuture<Integer> activeStreams() {
        return call(agent::activeStreams);
    }

    /** When the last durable batch was published, ms (0 before the first). */
    public long lastPublishedAt() {
        return agent.lastPublishedAt();
    }

    private <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public void execute(Runnable task) {
        control.add(task);
        wake();
    }

    @Override
    public void request(Session session, Long id, String what, Runnable task) {
        execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed for session {}", what, session.id(), e);
                session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.INTERNAL, what + " failed; retry"));
            }
        });
    }

    // ------------------------------------------------------------------ the hub thread

    /** What runs on the hub thread: the requests present, then the durable batches, then lagging subscribers. */
    private final class HubLoop implements Agent {
        private final List<Runnable> requests = new ArrayList<>();

        @Override
        public String roleName() {
            return "hub";
        }

        @Override
        public int doWork() {
            // Only the requests present now: one that re-queues itself (waiting for the hub to
            // catch up) must let the next batches through first.
            Runnable task;
            while ((task = control.poll()) != null) {
                requests.add(task);
            }
            for (Runnable request : requests) {
                runSafely(request);
            }
            int work = requests.size();
            requests.clear();
            work += batches.drain(Hub.this::publish, MAX_BATCHES_PER_ROUND);
            if (agent.hasLagging()) {
                runSafely(agent::rejoinLagging);
            }
            return work;
        }

        @Override
        public boolean hasWork() {
            return !batches.isEmpty() || !control.isEmpty();
        }
    }

    private void publish(CommittedBatch<CoreBatch> batch) {
        try {
            agent.publish(batch);
        } catch (RuntimeException e) {
            log.error("publishing batch {} failed", batch.number(), e);
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("hub task failed", e);
        }
    }

    @Override
    public void close() {
        runner.close();
        agent.close();
    }
}
