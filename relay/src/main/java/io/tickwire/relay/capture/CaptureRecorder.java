package io.tickwire.relay.capture;

import io.tickwire.agent.Agent;
import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.IdleStrategy;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.io.IOException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.codec.JsonCodec;
import io.tickwire.journal.Batch;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalListener;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.FeedGapReason;
import io.tickwire.relay.upstream.RelayMetrics;
import io.tickwire.relay.upstream.UpstreamStatus;
import io.tickwire.relay.store.EpochJournals;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.hub.HubState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a capture's journal ({@code tickwire-relay-recorder}): it takes what
 * the upstream connection queued (frames, rejections, reconnects), names each frame's topic, and
 * appends them in batches, each event in its topic's next seq. A reconnect starts a new epoch: the
 * journal of the old one is closed (its batches reach the hub first), a new one opened, the hub
 * reloaded, and every topic known so far gets {@code feed.gap} as its seq 1; a topic first seen
 * later in such an epoch gets its gap just before its first frame. A restart does the same with
 * reason {@code process_restart}, from the topics and last-message time the state file kept.
 *
 * <p>Other threads call {@link #frame}, {@link #rejected} and {@link #connected}, which queue;
 * the queue is bounded, so a recorder that falls behind (a slow disk) holds the upstream reader
 * back rather than fill memory.
 */
public final class CaptureRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CaptureRecorder.class);
    /** Items per journal batch, at most: one group commit takes several anyway. */
    private static final int MAX_BATCH = 512;
    /** Characters of a rejected frame recorded on {@code _rejected}. */
    static final int SAMPLE_CHARS = 256;

    private sealed interface Item {
    }

    private record Frame(String text, long receivedAt) implements Item {
    }

    private record Rejection(String reason, long size, String sample, long receivedAt) implements Item {
    }

    private record Reconnected(long at) implements Item {
    }

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(1 << 16);
    /** Strict: a frame is one JSON value and nothing after it, or its bytes would not embed as {@code data}. */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonCodec codec = new JsonCodec();
    private final CaptureConfig config;
    private final EpochJournals epochs;
    private final Hub hub;
    private final RelayMetrics metrics;
    private final TopicNamer namer;
    private final UpstreamStatus status;
    /** Runs {@link Recorder} on {@code tickwire-relay-recorder}. */
    private final AgentRunner runner;

    // ---- the recorder thread's own state
    private Journal<CoreBatch> journal;
    private long epoch;
    /** Why this epoch started, when it started after another: every topic's seq 1 is then a feed.gap. */
    private FeedGapReason gapReason;
    private final Set<String> topics = new LinkedHashSet<>();
    private final Set<String> gapped = new HashSet<>();
    private long lastMessageAt;
    private long stateWrittenAt;
    private long retentionAt;
    private boolean stateDirty;
    private long rejectWindowStart;
    private int rejectsInWindow;

    /**
     * Opens the capture's next epoch in {@code epochs}: the first of a new data directory, or the
     * one after the epoch it ran last (a restart). Start the hub with {@link #startState()}, then
     * {@link #start()} this.
     */
    public CaptureRecorder(CaptureConfig config, EpochJournals epochs, Hub hub, RelayMetrics metrics,
                           UpstreamStatus status) {
        this.config = config;
        this.status = status;
        this.epochs = epochs;
        this.hub = hub;
        this.metrics = metrics;
        this.namer = new TopicNamer(config.topic());
        var previous = epochs.current();
        if (previous.isPresent()) {
            CaptureState state = CaptureState.read(epochs.directory(previous.get()));
            epoch = parseEpoch(previous.get()) + 1;
            topics.addAll(state.topics());
            lastMessageAt = state.lastMessageAt();
            gapReason = FeedGapReason.PROCESS_RESTART;
        } else {
            // A fresh directory starts from the clock, so that one wiped and started again later
            // never repeats an epoch a client may still hold a cursor of.
            epoch = System.currentTimeMillis() / 1000;
            gapReason = null;
        }
        journal = open();
        // The recorder waits in the queue's poll: its runner does not idle otherwise.
        this.runner = new AgentRunner(new Recorder(), IdleStrategy.none(), e -> {
            log.error("the capture recorder failed; nothing more is captured until the relay restarts", e);
            status.failed("the capture recorder failed: " + e.getMessage());
        }).closeBound(Duration.ofSeconds(10));
    }

    private static long parseEpoch(String name) {
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the data directory's current epoch \"" + name + "\" is not a capture's "
                    + "(a relay that followed a Tickwire node used it?); give the capture a directory of its own");
        }
    }

    /** What the hub starts from: the first epoch, with nothing in it yet. */
    public HubState startState() {
        return emptyState();
    }

    /** The journal of the current epoch, where the hub reads its history. */
    public Journal<CoreBatch> journal() {
        return journal;
    }

    /** Starts the recorder thread; the hub must be started on {@link #startState()} and {@link #journal()}. */
    public void start() {
        runner.start();
    }

    // ------------------------------------------------------------------ the upstream thread(s)

    /** A text frame, whole, as received at {@code receivedAt} (ms). Blocks while the queue is full. */
    public void frame(String text, long receivedAt) throws InterruptedException {
        put(new Frame(text, receivedAt));
    }

    /**
     * Queues {@code item}, waiting while the queue is full, unless the recorder has stopped: then
     * nothing would ever take it.
     *
     * @throws IllegalStateException when the recorder failed
     */
    private void put(Item item) throws InterruptedException {
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
            if (status.failure() != null) {
                throw new IllegalStateException(status.failure());
            }
        }
    }

    /** A frame that cannot be captured (binary, too large), with its first characters. */
    public void rejected(String reason, long size, String sample, long receivedAt) throws InterruptedException {
        put(new Rejection(reason, size, sample, receivedAt));
    }

    /** The upstream connection is up again after it was lost: a new epoch begins before its first frame. */
    public void reconnected(long at) throws InterruptedException {
        put(new Reconnected(at));
    }

    // ------------------------------------------------------------------ the recorder thread

    /** The recorder thread: what the upstream thread queued, in journal batches of up to MAX_BATCH items. */
    private final class Recorder implements Agent {
        private final List<Item> items = new ArrayList<>(MAX_BATCH);

        @Override
        public String roleName() {
            return "relay-recorder";
        }

        @Override
        public void onStart() throws InterruptedException {
            if (gapReason != null) {
                appendGaps(new Batch<>(System.currentTimeMillis()));
            }
        }

        @Override
        public int doWork() throws InterruptedException {
            Item first = queue.poll(100, TimeUnit.MILLISECONDS);
            int work = 0;
            if (first != null) {
                items.add(first);
                queue.drainTo(items, MAX_BATCH - 1);
                record(items);
                work = items.size();
                items.clear();
            }
            writeStateIfDue();
            return work;
        }
    }

    private void record(List<Item> items) throws InterruptedException {
        Batch<CoreBatch> batch = null;
        for (Item item : items) {
            if (item instanceof Reconnected reconnected) {
                append(batch);
                batch = null;
                newEpoch(reconnected.at());
                continue;
            }
            long at = item instanceof Frame f ? f.receivedAt() : ((Rejection) item).receivedAt();
            if (batch == null) {
                batch = new Batch<>(at);
            }
            switch (item) {
                case Frame f -> frame(batch, f);
                case Rejection r -> reject(batch, r.reason(), r.size(), r.sample(), r.receivedAt());
                case Reconnected r -> throw new AssertionError("handled above");
            }
        }
        append(batch);
    }

    private void frame(Batch<CoreBatch> batch, Frame f) {
        byte[] bytes = f.text().getBytes(StandardCharsets.UTF_8);
        lastMessageAt = f.receivedAt();
        stateDirty = true;
        JsonNode tree;
        try {
            tree = json.readTree(bytes);
        } catch (IOException e) { // not JSON
            tree = null;
        }
        if (tree == null || tree.isMissingNode()) {
            reject(batch, "not_json", bytes.length, f.text(), f.receivedAt());
            return;
        }
        TopicNamer.Result named = namer.name(tree);
        if (named.topic() == null) {
            reject(batch, named.rejection(), bytes.length, f.text(), f.receivedAt());
            return;
        }
        String topic = named.topic();
        gapFirst(batch, topic);
        batch.event(topic, EventPayload.FeedMessage.TYPE, bytes);
    }

    private void reject(Batch<CoreBatch> batch, String reason, long size, String text, long at) {
        metrics.rejected(reason);
        if (at - rejectWindowStart >= 60_000) {
            rejectWindowStart = at;
            rejectsInWindow = 0;
        }
        if (rejectsInWindow >= config.rejectedPerMinute()) {
            return; // counted, not kept: a feed gone wrong must not flood the journal
        }
        rejectsInWindow++;
        if (rejectsInWindow == 1 || rejectsInWindow == config.rejectedPerMinute()) {
            log.warn("rejected a frame of {} bytes ({}){}", size, reason, rejectsInWindow == config.rejectedPerMinute()
                    ? "; the rest of this minute's are counted only" : "");
        }
        String sample = text.length() <= SAMPLE_CHARS ? text : text.substring(0, SAMPLE_CHARS);
        gapFirst(batch, TopicNamer.REJECTED);
        batch.event(TopicNamer.REJECTED, EventPayload.FeedRejected.TYPE,
                codec.encodeData(new EventPayload.FeedRejected(reason, size, sample)));
    }

    /** A topic new to this epoch: known from now on, and in an epoch after another its seq 1 is a gap. */
    private void gapFirst(Batch<CoreBatch> batch, String topic) {
        if (topics.add(topic)) {
            stateDirty = true;
        }
        if (gapReason != null && gapped.add(topic)) {
            batch.event(topic, EventPayload.FeedGap.TYPE, gapData());
        }
    }

    private byte[] gapData() {
        return codec.encodeData(new EventPayload.FeedGap(gapReason,
                lastMessageAt == 0 ? null : Instant.ofEpochMilli(lastMessageAt)));
    }

    private void appendGaps(Batch<CoreBatch> batch) throws InterruptedException {
        for (String topic : topics) {
            if (gapped.add(topic)) {
                batch.event(topic, EventPayload.FeedGap.TYPE, gapData());
            }
        }
        append(batch);
    }

    private void append(Batch<CoreBatch> batch) {
        if (batch != null && !batch.isEmpty()) {
            journal.append(batch);
        }
    }

    private void newEpoch(long at) throws InterruptedException {
        writeState();
        journal.close(); // every batch of the old epoch has reached the hub's queue
        epoch++;
        gapReason = FeedGapReason.RECONNECTED_AFTER_DISCONNECT;
        gapped.clear();
        journal = open();
        try {
            hub.reload(emptyState(), journal).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the hub did not move to epoch " + epoch, e);
        }
        log.info("upstream reconnected: epoch {} begins; {} topics get feed.gap", epoch, topics.size());
        appendGaps(new Batch<>(at));
        writeState();
        epochs.prune(Long.toString(epoch), config.retentionAge(), config.retentionBytes());
    }

    /** The current epoch's journal; nothing in it is needed to recover a state, so retention may take any of it. */
    private Journal<CoreBatch> open() {
        Journal<CoreBatch> opened = epochs.open(Long.toString(epoch), listener());
        opened.retainAfter(Long.MAX_VALUE);
        return opened;
    }

    private HubState emptyState() {
        return new HubState(Long.toString(epoch), 0, 0, Map.of(), Map.of(), Map.of());
    }

    private JournalListener<CoreBatch> listener() {
        return batch -> {
            metrics.durable(batch.ts());
            hub.onDurable(batch);
        };
    }

    private void writeStateIfDue() {
        long now = System.currentTimeMillis();
        if (stateDirty && now - stateWrittenAt >= 1000) {
            writeState();
        }
        if (now - retentionAt >= 60_000) {
            retentionAt = now;
            journal.enforceRetention(now);
            epochs.prune(Long.toString(epoch), config.retentionAge(), config.retentionBytes());
        }
    }

    private void writeState() {
        stateWrittenAt = System.currentTimeMillis();
        stateDirty = false;
        CaptureState.write(epochs.directory(Long.toString(epoch)), new CaptureState(List.copyOf(topics),
                lastMessageAt));
    }

    /** The current epoch, for status and tests; any thread (it may be one behind). */
    public String epoch() {
        return journal.epoch();
    }

    /** Stops the thread, writes the state and closes the journal. */
    @Override
    public void close() {
        runner.close();
        writeState();
        journal.close();
    }
}
