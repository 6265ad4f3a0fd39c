package io.tickwire.relay.follow;

import io.tickwire.agent.Agent;
import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.Backoff;
import io.tickwire.agent.IdleStrategy;
import io.tickwire.client.ReconnectPolicy;
import io.tickwire.client.SessionEvent;
import io.tickwire.client.Subscription;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.TickwireListener;
import io.tickwire.client.Update;
import io.tickwire.codec.JsonCodec;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.journal.Batch;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalListener;
import io.tickwire.journal.snapshot.SnapshotStore;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import io.tickwire.relay.upstream.RelayMetrics;
import io.tickwire.relay.upstream.UpstreamStatus;
import io.tickwire.relay.store.EpochJournals;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.hub.HubState;
import io.tickwire.server.hub.HubStateCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a Tickwire node with the SDK and journals every event with the upstream's epoch and seq
 * ({@code tickwire-relay-follower}, the journal's one writer). The SDK resumes after each lost
 * connection from its cursor, so nothing is missed; where it skips ahead (a book subscription
 * resumed by a new process takes a fresh snapshot), the events in between are fetched from the
 * upstream's {@code /events} before the next is journaled, so the relay's streams stay dense.
 *
 * <p>Books need a base: the state the hub starts from (heads and books) is written with the
 * journal's {@link SnapshotStore} when the epoch starts and every ten seconds, and the journal
 * keeps what follows the newest. A restart loads it, replays the journal after it into the hub,
 * and resumes each topic upstream after its last journaled seq. An upstream in a new epoch (its
 * journal started afresh) makes the relay start afresh in that epoch; the old one's journal stays
 * on disk until retention.
 *
 * <p>Past 450 lines, and the next class to split: the start (a resume from the journal or a fresh
 * epoch), the agent that journals what the SDK hands over, and the filling of skipped seqs from
 * {@code /events} share the journal's one writer and the pending state, which a split must pass
 * between them first.
 */
public final class UpstreamFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamFollower.class);
    private static final long SNAPSHOT_EVERY_MS = 10_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Between fetches of the upstream's history while it does not answer. */
    private static final Backoff FETCH_RETRY =
            Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5)).fullJitter();
    /** Between tries to start afresh. */
    private static final Backoff RESTART_RETRY =
            Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(5)).fullJitter();

    private final FollowConfig config;
    private final EpochJournals epochs;
    private final Hub hub;
    private final UpstreamStatus status;
    private final RelayMetrics metrics;
    private final Consumer<MarketRegistry> marketsOut;
    private final UpstreamRest rest;
    private final JsonCodec codec = new JsonCodec();
    /** What the SDK's listeners hand over, each with the client it came from. */
    private final BlockingQueue<Received> updates = new ArrayBlockingQueue<>(1 << 16);
    /** Runs {@link Follow} on {@code tickwire-relay-follower}. */
    private final AgentRunner runner;

    // ---- the follower thread's (and, before it starts, the starting thread's)
    /** The client whose updates count; volatile: the SDK's threads hand theirs over tagged with theirs. */
    private volatile TickwireClient client;
    private Journal<CoreBatch> journal;
    private SnapshotStore snapshots;
    private MarketRegistry markets;
    private String epoch;
    private final Map<String, Long> heads = new HashMap<>();
    private long lastSnapshotAt;
    private boolean hubStarted;

    /**
     * An update and the client that received it: after a restart, what a closed client's listener
     * was still handing over is told apart and dropped.
     */
    private record Received(TickwireClient from, Update update) {
    }

    private UpstreamFollower(FollowConfig config, Path dataDir, Hub hub, UpstreamStatus status, RelayMetrics metrics,
                             Consumer<MarketRegistry> marketsOut) {
        this.config = config;
        this.epochs = new EpochJournals(dataDir, EpochJournals.settings(dataDir, config.historyEvents(),
                config.retentionAge(), config.retentionBytes()), false);
        this.hub = hub;
        hub.serveOlderEpochs(epochs.older()); // the upstream's earlier epochs, as long as this relay keeps them
        this.status = status;
        this.metrics = metrics;
        this.marketsOut = marketsOut;
        this.rest = new UpstreamRest(config.rest(), config.token());
        Follow follow = new Follow();
        this.runner = new AgentRunner(follow, IdleStrategy.parking(follow::idleNanos),
                e -> log.error("following stopped", e)).closeBound(Duration.ofSeconds(10));
    }

    /**
     * Starts following: resumes the journal in {@code dataDir} when it is of the upstream's epoch
     * (or the upstream cannot be asked), else starts afresh from the upstream's snapshots; starts
     * {@code hub} on that state; then follows on its own thread.
     */
    public static UpstreamFollower start(FollowConfig config, Path dataDir, Hub hub, UpstreamStatus status,
                                         RelayMetrics metrics, Consumer<MarketRegistry> markets) throws Exception {
        UpstreamFollower follower = new UpstreamFollower(config, dataDir, hub, status, metrics, markets);
        try {
            follower.begin();
            follower.runner.start();
            return follower;
        } catch (Exception | Error e) {
            follower.close();
            throw e;
        }
    }

    private void begin() throws Exception {
        Optional<String> current = epochs.current();
        String upstreamEpoch = null;
        try {
            upstreamEpoch = rest.epoch();
        } catch (IOException e) {
            if (current.isEmpty()) {
                throw new IOException("the upstream " + config.rest() + " does not answer (" + e.getMessage()
                        + "), and this relay has no journal to serve meanwhile", e);
            }
            log.warn("the upstream does not answer ({}); serving the journal and resuming when it does",
                    e.getMessage());
        }
        boolean sameEpoch = upstreamEpoch == null || current.map(upstreamEpoch::equals).orElse(false);
        if (current.isPresent() && sameEpoch && resume(current.get())) {
            return;
        }
        if (current.isPresent()) {
            log.warn("the upstream is in epoch {}, this relay's journal in {}: starting afresh in the upstream's",
                    upstreamEpoch, current.get());
        }
        fresh();
    }

    /** From the journal of {@code name}: its newest snapshot, then the batches after it; false if it has none. */
    private boolean resume(String name) throws Exception {
        journal = epochs.open(name, listener());
        snapshots = new SnapshotStore(epochs.directory(name).resolve("snapshots"), 3);
        Optional<SnapshotStore.Snapshot> snapshot = snapshots.latest(journal.lastBatch());
        if (snapshot.isEmpty()) {
            journal.close();
            return false; // it died before its first snapshot: nothing in it to keep
        }
        HubStateCodec.NodeStart start = HubStateCodec.decode(snapshot.get().bytes());
        epoch = name;
        markets = start.markets();
        marketsOut.accept(markets);
        startHub(start.state(), new FollowedHistory(journal, start.state().heads()));
        heads.putAll(start.state().heads());
        long[] replayed = {0};
        journal.readBatches(start.state().batch(), batch -> {
            hub.onDurable(new CommittedBatch<>(batch.number(), batch.ts(), List.of(), batch.events(),
                    CoreBatch.decoding(List.of(), batch.events(), epoch, codec)));
            batch.events().forEach(e -> heads.put(e.stream(), e.seq()));
            replayed[0]++;
            return true;
        });
        journal.retainAfter(start.state().batch());
        log.info("relay resumes epoch {} from batch {} (+{} replayed)", epoch, start.state().batch(), replayed[0]);
        subscribe(true);
        return true;
    }

    /**
     * From the upstream now: a new journal in its epoch. Trades start after their head as the
     * upstream's {@code /events} gives it (a resume from there loses nothing); books from the
     * snapshot their subscription starts with. What arrives meanwhile waits in the queue.
     */
    private void fresh() throws Exception {
        markets = rest.markets();
        marketsOut.accept(markets);
        epoch = rest.epoch();
        Map<String, Long> startHeads = new HashMap<>();
        for (Topic topic : topics()) {
            if (topic instanceof Topic.Trades) {
                startHeads.put(topic.name(), rest.head(topic.name(), epoch));
            }
        }
        heads.clear();
        heads.putAll(startHeads);
        subscribe(true);
        Map<String, HubState.Book> books = new HashMap<>();
        List<Received> after = new ArrayList<>();
        long bookTopics = topics().stream().filter(t -> t instanceof Topic.Book).count();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (books.size() < bookTopics) {
            Received received = updates.poll(100, TimeUnit.MILLISECONDS);
            Update u = received == null || received.from() != client ? null : received.update();
            if (System.nanoTime() > deadline) {
                throw new IOException("the upstream sent no book snapshots within " + START_TIMEOUT.toSeconds() + " s");
            }
            if (u instanceof Update.Event e && e.data() instanceof EventPayload.BookSnapshot snap
                    && !books.containsKey(snap.market())) {
                if (!e.epoch().equals(epoch)) {
                    throw new IOException("the upstream moved to epoch " + e.epoch() + " while the relay started");
                }
                books.put(snap.market(), new HubState.Book(snap.bids(), snap.asks()));
                startHeads.put(e.topic().name(), e.seq());
            } else if (u != null) {
                after.add(received);
            }
        }
        Path dir = epochs.directory(epoch);
        if (Files.isDirectory(dir)) {
            // This epoch's journal with a hole the upstream cannot fill (or from a start that
            // failed): set aside, for inspection, and a new one begins.
            Path aside = dir.resolveSibling(epoch + ".set-aside-" + System.currentTimeMillis());
            Files.move(dir, aside);
            log.warn("the journal of epoch {} is set aside in {}", epoch, aside);
        }
        journal = epochs.open(epoch, listener());
        journal.retainAfter(0);
        snapshots = new SnapshotStore(epochs.directory(epoch).resolve("snapshots"), 3);
        HubState state = new HubState(epoch, journal.lastBatch(), 0, startHeads, books, Map.of());
        snapshots.write(state.batch(), HubStateCodec.encode(state, markets));
        lastSnapshotAt = System.currentTimeMillis();
        heads.clear();
        heads.putAll(startHeads);
        startHub(state, new FollowedHistory(journal, startHeads));
        List<Received> rest = new ArrayList<>(after);
        updates.drainTo(rest);
        for (Received u : rest) {
            updates.put(u); // back in line, in order: the follower thread is not taking yet
        }
        log.info("relay follows {} afresh in epoch {}", config.upstream(), epoch);
    }

    private void startHub(HubState state, FollowedHistory history) throws Exception {
        if (hubStarted) {
            hub.reload(state, history).get(30, TimeUnit.SECONDS);
        } else {
            hub.start(state, history, false);
            hubStarted = true;
        }
    }

    private List<Topic> topics() {
        if (!config.topics().isEmpty()) {
            return config.topics();
        }
        List<Topic> all = new ArrayList<>();
        for (Market m : markets.markets()) {
            all.add(Topic.book(m.name()));
            all.add(Topic.trades(m.name()));
        }
        return all;
    }

    /** Subscribes to every topic, after its head in {@link #heads} where it has one. */
    private List<Subscription> subscribe(boolean fromHeads) {
        client = TickwireClient.builder().uri(config.upstream()).token(config.token())
                .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)).fullJitter())
                .listener(new TickwireListener() {
                    @Override
                    public void onSessionEvent(SessionEvent event) {
                        onSession(event);
                    }
                })
                .build();
        List<Subscription> subscriptions = new ArrayList<>();
        for (Topic topic : topics()) {
            // Books always start from a snapshot in the SDK; a resumed one's skipped deltas are fetched back.
            Cursor since = fromHeads && heads.containsKey(topic.name())
                    ? new Cursor(epoch, heads.get(topic.name())) : null;
            TickwireClient owner = client;
            subscriptions.add(client.subscribe(topic, since, update -> offer(owner, update)));
        }
        client.connect();
        return subscriptions;
    }

    private void onSession(SessionEvent event) {
        switch (event) {
            case SessionEvent.Connected c -> status.connected(true);
            case SessionEvent.Disconnected d -> {
                if (status.isConnected()) {
                    status.reconnected();
                }
                status.connected(false);
            }
            default -> {
            }
        }
    }

    /** From the SDK's listener threads: into the follower's queue, in each topic's order. */
    private void offer(TickwireClient owner, Update update) {
        status.received(System.currentTimeMillis());
        try {
            updates.put(new Received(owner, update));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the follower thread

    /** The follower's thread: takes what the SDK handed over and journals it, snapshots, starts afresh. */
    private final class Follow implements Agent {
        private final List<Received> drained = new ArrayList<>(1024);
        private final Backoff.Attempts restarts = RESTART_RETRY.attempts();
        /** Starting afresh is due (in {@link #restartEpoch}, or null for the same), from {@link #restartAtNanos}. */
        private boolean restartPending;
        private String restartEpoch;
        private long restartAtNanos;

        @Override
        public String roleName() {
            return "relay-follower";
        }

        @Override
        public int doWork() throws InterruptedException {
            if (restartPending) {
                return System.nanoTime() - restartAtNanos < 0 ? 0 : restart();
            }
            try {
                // Waits here for what the SDK hands over: the runner does not idle otherwise.
                Received first = updates.poll(100, TimeUnit.MILLISECONDS);
                int work = 0;
                if (first != null) {
                    drained.add(first);
                    updates.drainTo(drained, 1023);
                    record(drained);
                    work = drained.size();
                    drained.clear();
                }
                snapshotIfDue();
                return work;
            } catch (InterruptedException e) {
                throw e;
            } catch (EpochChanged e) {
                restartIn(e.getMessage());
            } catch (HoleException e) {
                log.error("{}: starting afresh from the upstream's snapshots", e.getMessage());
                restartIn(null);
            } catch (Exception e) {
                if (!runner.isRunning()) {
                    return 0;
                }
                log.error("following failed ({}); starting afresh from the upstream", e.getMessage(), e);
                restartIn(null);
            }
            return 1;
        }

        /** Waiting to start afresh again: until then (a close wakes it); otherwise the queue's poll waits. */
        long idleNanos() {
            return restartPending ? Math.max(1, restartAtNanos - System.nanoTime()) : 0;
        }

        private void restartIn(String newEpoch) {
            drained.clear();
            restartPending = true;
            restartEpoch = newEpoch;
            restartAtNanos = System.nanoTime();
        }

        /** Starts afresh in the upstream's epoch (or the same one, after a hole the upstream cannot fill). */
        private int restart() {
            try {
                closeClient();
                updates.clear();
                journal.close();
                log.warn("relay starts afresh{}",
                        restartEpoch == null ? "" : " in the upstream's epoch " + restartEpoch);
                fresh();
                restartPending = false;
                restarts.reset();
                return 1;
            } catch (Exception e) {
                long delay = restarts.nextDelayNanos();
                log.error("starting afresh failed ({}); retrying in {} ms", e.getMessage(),
                        TimeUnit.NANOSECONDS.toMillis(delay));
                restartAtNanos = System.nanoTime() + delay;
                return 0;
            }
        }
    }

    /** Events the upstream no longer has: the relay's stream cannot go on densely in this journal. */
    private static final class HoleException extends Exception {
        HoleException(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown when the upstream's events are of another epoch than the journal's. */
    private static final class EpochChanged extends Exception {
        EpochChanged(String epoch) {
            super(epoch, null, false, false);
        }
    }

    private void record(List<Received> drained) throws Exception {
        Pending pending = new Pending();
        for (Received received : drained) {
            if (received.from() != client) {
                continue; // a closed client's, handed over after the restart
            }
            Update update = received.update();
            if (!(update instanceof Update.Event e)) {
                Update.Gap gap = (Update.Gap) update;
                log.warn("upstream gap on {}: {} ({}..{}); what follows is fetched back if the upstream has it",
                        gap.topic().name(), gap.reason().wire(), gap.fromSeq(), gap.toSeq());
                continue;
            }
            if (!e.epoch().equals(epoch)) {
                pending.flush();
                throw new EpochChanged(e.epoch());
            }
            String stream = e.topic().name();
            long head = heads.getOrDefault(stream, 0L);
            if (e.data() instanceof EventPayload.BookSnapshot || e.data() instanceof EventPayload.BookInvalidated) {
                if (e.data() instanceof EventPayload.BookSnapshot && e.seq() > head) {
                    pending.flush();
                    fill(stream, head, e.seq());
                }
                continue; // a snapshot is not an event; the hub's book follows the deltas
            }
            if (e.seq() <= head) {
                continue; // a repeat after a resume
            }
            if (e.seq() > head + 1) {
                pending.flush();
                fill(stream, head, e.seq() - 1);
            }
            pending.add(stream, e.seq(), e.ts(), e.data());
        }
        pending.flush();
    }

    /** Journals the upstream's events of {@code stream} after {@code head} up to {@code to}, from its REST API. */
    private void fill(String stream, long head, long to) throws Exception {
        Pending pending = new Pending();
        long at = head;
        Backoff.Attempts failures = FETCH_RETRY.attempts();
        while (at < to && runner.isRunning()) {
            UpstreamRest.Page page;
            try {
                page = rest.after(stream, epoch, at);
            } catch (IOException e) {
                // The upstream unreachable for a moment (the SDK reconnects meanwhile): try again.
                log.warn("fetching {} after {} failed ({}); retrying", stream, at, e.getMessage());
                LockSupport.parkNanos(failures.nextDelayNanos()); // a close unparks it
                continue;
            }
            if (!page.epoch().equals(epoch)) {
                throw new EpochChanged(page.epoch());
            }
            if (page.gap() || page.events().isEmpty()) {
                throw new HoleException("the upstream no longer has " + stream + " " + (at + 1) + ".." + to);
            }
            for (StreamEvent e : page.events()) {
                if (e.seq() > at && e.seq() <= to) {
                    pending.add(stream, e.seq(), e.ts(), e.data());
                    at = e.seq();
                }
            }
            pending.flush();
        }
        log.info("fetched {} {}..{} from the upstream's history", stream, head + 1, to);
    }

    /** Events in journal batches, one per upstream time ({@code ts} is a batch's), with their seqs. */
    private final class Pending {
        private Batch<CoreBatch> batch;
        private final List<EventPayload> payloads = new ArrayList<>();

        void add(String stream, long seq, long ts, EventPayload data) {
            if (batch != null && batch.ts() != ts) {
                flush();
            }
            if (batch == null) {
                batch = new Batch<>(ts);
            }
            byte[] encoded = codec.encodeData(data);
            metrics.received(encoded.length);
            batch.event(stream, seq, data.type(), encoded);
            payloads.add(data);
            heads.put(stream, seq);
        }

        void flush() {
            if (batch != null) {
                batch.attach(new CoreBatch(List.of(), List.copyOf(payloads)));
                journal.append(batch);
                batch = null;
                payloads.clear();
            }
        }
    }

    /**
     * Every ten seconds, the hub's state as a snapshot, and the journal may drop what it covers. A
     * failure is logged and tried again next time: the older snapshot and the journal still cover
     * a restart.
     */
    private void snapshotIfDue() throws InterruptedException {
        long now = System.currentTimeMillis();
        if (now - lastSnapshotAt < SNAPSHOT_EVERY_MS) {
            return;
        }
        lastSnapshotAt = now;
        try {
            HubState state = hub.state().get(30, TimeUnit.SECONDS);
            if (!state.epoch().equals(epoch)) {
                return;
            }
            snapshots.write(state.batch(), HubStateCodec.encode(state, markets));
            journal.retainAfter(state.batch());
            journal.enforceRetention(now);
        } catch (IOException | ExecutionException | TimeoutException e) {
            log.warn("no snapshot this time ({}); the last one and the journal still cover a restart",
                    e.getMessage());
        }
    }

    private JournalListener<CoreBatch> listener() {
        return batch -> {
            metrics.durable(batch.ts());
            hub.onDurable(batch);
        };
    }

    /** The epoch followed now; for status and tests. */
    public String epoch() {
        return epoch;
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** Stops following, writes a last snapshot, and closes the journal. */
    @Override
    public void close() {
        runner.close();
        closeClient();
        if (journal != null) {
            try {
                lastSnapshotAt = 0;
                if (hubStarted) {
                    snapshotIfDue();
                }
            } catch (Exception e) {
                log.warn("no last snapshot: {}", e.getMessage());
            }
            journal.close();
        }
    }
}
