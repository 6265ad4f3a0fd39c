package io.tickwire.journal;

import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.IdleStrategy;
import io.tickwire.agent.SpscQueue;
import io.tickwire.journal.log.Segment;
import io.tickwire.journal.log.SegmentAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The durable event log: a directory of segments, appended by one writer thread with group
 * commit, read from any {@code (stream, seq)} cursor, trimmed by retention, recovered at open.
 *
 * <p>One producer (the sequencer) {@link #append}s batches through a lock-free queue. The
 * writer drains every batch that is waiting, writes them with one {@code write}, makes them
 * durable with one {@code force}, and only then hands each to the {@link JournalListener}:
 * nothing reaches a client before it is on disk. Each event gets its stream's next
 * {@code seq} here, dense from 1 in the journal's epoch.
 *
 * <p>At open, {@link LogRecovery} scans every segment, cuts the log at the first damage and sets
 * aside what follows. The epoch is created with the log and kept in every segment's header, with
 * the seq table as of that segment's start. New segments come from {@link SegmentAllocator}
 * (a preallocated spare), reads that need the disk go to {@link SegmentReads}, records are
 * encoded by {@link BatchEncoder} and old segments deleted by {@link SegmentRetention}.
 *
 * <p>This class is the journal as other threads see it (Aeron's proxy): the sequencer appends,
 * any thread reads, and nothing here touches the writer's state. The writer thread runs
 * {@link JournalWriter}; the two share only what the writer publishes for readers (segments,
 * memory histories, durable seqs), in thread-safe collections.
 *
 * @param <A> what rides with each batch to the listener, not stored (the core's receipts and
 *            payloads): typed end to end, so the listener never casts
 */
public final class Journal<A> implements EventHistory, AutoCloseable {
    private final String epoch;
    private final CopyOnWriteArrayList<Segment> segments = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, StreamHistory> histories = new ConcurrentHashMap<>();
    /** Seqs of durable events: what readers may see (the encoder's run ahead between a write and its force). */
    private final ConcurrentHashMap<String, Long> durableSeqs = new ConcurrentHashMap<>();
    private final SpscQueue<Batch<A>> queue;
    /** Batches from {@link #newBatch} that the writer has encoded, back for the appender to fill again. */
    private final SpscQueue<Batch<A>> spareBatches = new SpscQueue<>(64);
    private final JournalMetrics metrics = new JournalMetrics();
    /** New segment files, from a zero-filled spare when preallocation is on. */
    private final SegmentAllocator allocator;
    /** Deletes old segments by age or size, never one recovery still needs. */
    private final SegmentRetention retention;
    /** Reads of the segments from disk, for any thread. */
    private final SegmentReads segmentReads = new SegmentReads(segments);
    /** The writer thread's work: group commit, encoding, rolls; nothing here touches its state. */
    private final JournalWriter<A> writer;
    /** Runs the writer on {@code tickwire-journal-writer}: parks up to 50 ms when idle, woken by an append. */
    private final AgentRunner writerRunner;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Journal(JournalConfig config, String newEpoch, JournalListener<A> listener) throws IOException {
        this.queue = new SpscQueue<>(config.queueCapacity());
        this.allocator = new SegmentAllocator(config.directory(), config.segmentBytes(), config.preallocate());
        this.retention = new SegmentRetention(segments, config, metrics);
        Files.createDirectories(config.directory());
        this.writer = new JournalWriter<>(config, listener, queue, segments, histories, durableSeqs, metrics, allocator,
                retention);
        this.epoch = writer.recover(newEpoch);
        this.writerRunner = new AgentRunner(writer, IdleStrategy.parking(Duration.ofMillis(50)), writer::failed)
                .daemon(false).start();
    }

    /**
     * Opens (creating or recovering) the journal in {@code config.directory()} and starts its
     * writer thread. {@code listener} receives every batch appended from now on, once durable.
     */
    public static <A> Journal<A> open(JournalConfig config, JournalListener<A> listener) {
        return open(config, null, listener);
    }

    /**
     * As {@link #open(JournalConfig, JournalListener)}, and a new log takes {@code newEpoch} (a
     * relay keeps its upstream's epoch) rather than a random one; {@code null} for a random one. A
     * recovered log keeps its own epoch, whatever this says: compare {@link #epoch()}.
     */
    public static <A> Journal<A> open(JournalConfig config, String newEpoch, JournalListener<A> listener) {
        if (newEpoch != null && (newEpoch.isEmpty() || newEpoch.length() > 64)) {
            throw new IllegalArgumentException("an epoch is 1 to 64 characters");
        }
        try {
            return new Journal<>(config, newEpoch, listener);
        } catch (IOException e) {
            throw new JournalException("cannot open journal in " + config.directory() + ": " + e.getMessage(), e);
        }
    }

    /** The epoch of every stream in this journal: new whenever the log starts afresh. */
    @Override
    public String epoch() {
        return epoch;
    }

    /** The number of the last durable batch (0 before the first). */
    public long lastBatch() {
        return writer.durableBatch();
    }

    /** The seq of the last durable event of a stream, 0 if it has none. */
    @Override
    public long lastSeq(String stream) {
        return durableSeqs.getOrDefault(stream, 0L);
    }

    /**
     * Whether {@link #read} of {@code stream} after {@code afterSeq} is served from memory now,
     * without touching the disk. Any thread; the answer may change as the history moves on.
     */
    @Override
    public boolean inMemory(String stream, long afterSeq) {
        if (afterSeq >= lastSeq(stream)) {
            return true;
        }
        StreamHistory history = histories.get(stream);
        return history != null && history.holdsAfter(afterSeq);
    }

    /**
     * Events each stream holds in its memory history now: the ones a resume or a REST read gets
     * without touching the disk. Streams with none yet are absent. Any thread.
     */
    @Override
    public Map<String, Integer> historySizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        histories.forEach((stream, history) -> sizes.put(stream, history.size()));
        return sizes;
    }

    /** A copy of every stream's last durable seq. */
    public Map<String, Long> lastSeqs() {
        return Map.copyOf(durableSeqs);
    }

    public JournalMetrics metrics() {
        return metrics;
    }

    // ------------------------------------------------------------------ append (sequencer thread)

    /**
     * A batch to fill at engine time {@code ts} and {@link #append}: one the writer has finished
     * with when there is one, so that appending allocates nothing in a steady state. Called by the
     * appending thread only.
     */
    public Batch<A> newBatch(long ts) {
        Batch<A> spare = spareBatches.poll();
        return spare != null ? spare.reuse(ts) : new Batch<>(ts, spareBatches);
    }

    /**
     * Queues a batch for the writer. Called by one thread only (the sequencer). Waits, spinning
     * then yielding, while the queue is full; never takes a lock.
     *
     * @throws JournalException if the writer has failed or the journal is closed
     */
    public void append(Batch<A> batch) {
        while (!queue.offer(batch)) {
            checkUsable();
            Thread.onSpinWait();
            Thread.yield();
        }
        checkUsable();
        writerRunner.wake();
    }

    private void checkUsable() {
        Throwable f = writer.failure();
        if (f != null) {
            throw new JournalException("journal writer failed: " + f.getMessage(), f);
        }
        if (!writerRunner.isRunning()) {
            throw new JournalException("journal is closed");
        }
    }

    // ------------------------------------------------------------------ reads (any thread)

    /**
     * Up to {@code max} events of {@code stream} with seq greater than {@code afterSeq}: from
     * memory when it reaches back that far, else from the segments; or a {@link ReadResult.Gap} when
     * the oldest of them are no longer kept, or {@link ReadResult.Ahead} for a cursor beyond the head.
     */
    @Override
    public ReadResult read(String stream, long afterSeq, int max) {
        long head = lastSeq(stream);
        if (afterSeq > head) {
            return new ReadResult.Ahead(head);
        }
        if (afterSeq == head || max <= 0) {
            return new ReadResult.Events(List.of());
        }
        StreamHistory history = histories.get(stream);
        if (history != null) {
            List<JournalEvent> events = history.after(afterSeq, max);
            if (events != null) {
                return new ReadResult.Events(trimToDurable(events, head));
            }
        }
        try {
            return segmentReads.read(stream, afterSeq, max, head);
        } catch (IOException e) {
            throw new JournalException("cannot read " + stream + " after " + afterSeq + ": " + e.getMessage(), e);
        }
    }

    private static List<JournalEvent> trimToDurable(List<JournalEvent> events, long head) {
        int n = events.size();
        while (n > 0 && events.get(n - 1).seq() > head) {
            n--;
        }
        return n == events.size() ? events : events.subList(0, n);
    }

    /** A complete batch as stored: for replaying commands into the engine at start. */
    public record StoredBatch(long number, long ts, List<byte[]> commands) {
    }

    /**
     * Hands every stored batch after {@code afterBatch} to {@code consumer}, in order. For
     * recovery at start, before the first append.
     *
     * @throws JournalException if the log no longer holds batch {@code afterBatch + 1} (retention
     *                          or damage removed it): replaying past a hole would build a wrong state
     */
    public void replay(long afterBatch, Consumer<StoredBatch> consumer) {
        long[] expected = {afterBatch + 1};
        Consumer<StoredBatch> checked = batch -> {
            if (batch.number() != expected[0]) {
                throw new JournalException("cannot replay from batch " + expected[0] + ": the log continues at batch "
                        + batch.number());
            }
            expected[0]++;
            consumer.accept(batch);
        };
        segmentReads.replay(afterBatch, checked);
        if (expected[0] <= writer.durableBatch()) {
            throw new JournalException("cannot replay from batch " + expected[0] + ": the log does not hold it");
        }
    }

    /** A durable batch's events as the log holds them: for a follower that re-publishes batches. */
    public record LoggedBatch(long number, long ts, List<JournalEvent> events) {
    }

    /**
     * Hands the events of every durable batch after {@code afterBatch} to {@code consumer}, batch
     * by batch in order, until it returns false or the durable head is reached. Any thread; reads
     * the segments. A follower that lost its place (a publisher whose broker was down) catches up
     * with it; the first batch it gets is {@code afterBatch + 1} unless retention deleted it.
     */
    public void readBatches(long afterBatch, Predicate<LoggedBatch> consumer) {
        segmentReads.batches(afterBatch, writer.durableBatch(), consumer);
    }

    // ------------------------------------------------------------------ retention

    /**
     * Declares that batches up to {@code batch} are no longer needed for recovery (an engine
     * snapshot covers them): segments holding only such batches may now be deleted by age or size.
     */
    public void retainAfter(long batch) {
        retention.retainAfter(batch);
    }

    /** Deletes whole segments beyond the age or size bound; never the active one, never one recovery needs. */
    public void enforceRetention(long nowMs) {
        retention.enforce(nowMs, writer.activeSegment());
    }

    /** Segment files currently kept, oldest first. */
    public List<Path> segmentFiles() {
        List<Path> paths = new ArrayList<>();
        segments.forEach(s -> paths.add(s.path()));
        return paths;
    }

    // ------------------------------------------------------------------ close

    /** Writes and forces everything queued, then stops the writer. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writerRunner.close();
        try {
            writer.closeFiles();
            allocator.close();
        } catch (IOException e) {
            throw new JournalException("closing the journal: " + e.getMessage(), e);
        }
    }
}
