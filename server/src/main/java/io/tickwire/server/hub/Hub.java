package io.tickwire.server.hub;

import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalListener;
import io.tickwire.protocol.codec.JsonCodec;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
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
 * <p>The hub thread takes the requests queued so far, then one durable batch, then gives lagging
 * book subscribers that have caught up their snapshot, and again. Batches wait in a bounded
 * queue: a hub that falls behind slows the journal writer rather than fill memory.
 */
public final class Hub implements JournalListener<CoreBatch>, AutoCloseable, HubQueue {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    /** Durable batches: bounded, so a hub that falls behind slows the journal writer rather than memory. */
    private final BlockingQueue<CommittedBatch<CoreBatch>> batches = new ArrayBlockingQueue<>(1 << 16);
    /** Requests from other threads: never blocks them (they are small, and rate-limited per connection). */
    private final ConcurrentLinkedQueue<Runnable> control = new ConcurrentLinkedQueue<>();
    private final PendingReceipts receipts = new PendingReceipts();
    private final HubAgent agent;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Journal<CoreBatch> journal;
    private volatile String epoch;
    /** Stream names known at start: markets do not change while running. */
    private volatile Set<String> knownStreams = Set.of();

    /** A book as of a durable seq. */
    public record BookView(String epoch, long seq, EventPayload.BookSnapshot snapshot) {
    }

    /** A user's durable account state. */
    public record AccountView(List<Balance> balances, List<Order> openOrders, Order order) {
    }

    public Hub(JsonCodec codec, ServerMetrics metrics) {
        this.agent = new HubAgent(codec, metrics, receipts, this);
        this.thread = new Thread(this::run, "tickwire-hub");
        this.thread.setDaemon(true);
    }

    /**
     * Loads the mirrors from the recovered engine and the stream heads from the journal, then
     * starts the hub thread. Call before any command is submitted: the engine state and the
     * durable heads must describe the same moment.
     */
    public void start(TradingCore core) throws Exception {
        this.journal = core.journal();
        this.epoch = journal.epoch();
        this.knownStreams = agent.load(core);
        thread.start();
    }

    public String epoch() {
        return epoch;
    }

    public Journal<CoreBatch> journal() {
        return journal;
    }

    // ------------------------------------------------------------------ the journal writer's thread

    @Override
    public void onDurable(CommittedBatch<CoreBatch> batch) {
        try {
            // Back-pressure to the journal writer if the hub falls behind; never drops a batch.
            batches.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing a durable batch to the hub", e);
        }
    }

    // ------------------------------------------------------------------ any thread

    /** Registers where the receipt of {@code requestId} goes; call before submitting the command. */
    public void expectReceipt(long requestId, String wireRequestId, Session session, Long clientId) {
        receipts.expect(requestId, new PendingReceipts.Pending(session, clientId, wireRequestId));
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
            case Topic.Account a -> true;
            case Topic.Book b -> knownStreams.contains("book." + b.market());
            case Topic.Trades t -> knownStreams.contains("trades." + t.market());
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

    private void run() {
        List<Runnable> requests = new ArrayList<>();
        while (running) {
            try {
                // Only the requests present now: one that re-queues itself (waiting for the hub to
                // catch up) must let the next batch through first.
                Runnable task;
                while ((task = control.poll()) != null) {
                    requests.add(task);
                }
                for (Runnable request : requests) {
                    runSafely(request);
                }
                requests.clear();
                CommittedBatch<CoreBatch> batch = batches.poll(2, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    runSafely(() -> agent.publish(batch));
                }
                if (agent.hasLagging()) {
                    runSafely(agent::rejoinLagging);
                }
            } catch (InterruptedException e) {
                return;
            }
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
        running = false;
        thread.interrupt();
        agent.close();
    }
}
