package io.tickwire.journal;

import io.tickwire.agent.Agent;
import io.tickwire.agent.SpscQueue;
import io.tickwire.journal.log.RecordCodec;
import io.tickwire.journal.log.Segment;
import io.tickwire.journal.log.SegmentAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs on {@code tickwire-journal-writer}: it drains every batch the sequencer queued,
 * encodes them ({@link BatchEncoder}), writes them with one call, makes them durable with one
 * {@code force}, and only then publishes them (memory history, each stream's durable seq) and
 * hands each to the {@link JournalListener}; it rolls segments and enforces retention on a clock.
 * Recovery at open runs here too, before the thread starts, since it leaves the writer's state
 * (the active segment, the last batch, the seqs). Other threads reach it only through
 * {@link Journal}, which reads what it publishes.
 *
 * @param <A> the batches' attachment
 */
final class JournalWriter<A> implements Agent {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);

    private final JournalConfig config;
    private final JournalListener<A> listener;
    private final SpscQueue<Batch<A>> queue;
    private final List<Segment> segments;
    private final Map<String, StreamHistory> histories;
    /** Seqs of durable events: what readers may see (the encoder's run ahead between a write and its force). */
    private final Map<String, Long> durableSeqs;
    private final JournalMetrics metrics;
    private final SegmentAllocator allocator;
    private final SegmentRetention retention;
    private final CRC32C crc = new CRC32C();
    private final List<Batch<A>> draining = new ArrayList<>();
    private final List<Placed<A>> placed = new ArrayList<>();
    /** Batches into records, seqs assigned, in a buffer written once per group. */
    private final BatchEncoder<A> encoder = new BatchEncoder<>();

    private FileChannel active;
    /** Read by retention from other threads (tests call it): volatile. */
    private volatile Segment activeSegment;
    private long lastBatch;
    private String epoch;

    private volatile long durableBatch;
    private volatile Throwable failure;
    private long lastRetention = System.nanoTime();

    JournalWriter(JournalConfig config, JournalListener<A> listener, SpscQueue<Batch<A>> queue, List<Segment> segments,
                  Map<String, StreamHistory> histories, Map<String, Long> durableSeqs, JournalMetrics metrics,
                  SegmentAllocator allocator, SegmentRetention retention) {
        this.config = config;
        this.listener = listener;
        this.queue = queue;
        this.segments = segments;
        this.histories = histories;
        this.durableSeqs = durableSeqs;
        this.metrics = metrics;
        this.allocator = allocator;
        this.retention = retention;
    }

    /** The number of the last durable batch (0 before the first); any thread. */
    long durableBatch() {
        return durableBatch;
    }

    /** The error that stopped the writer, or {@code null}; any thread. */
    Throwable failure() {
        return failure;
    }

    /** The segment being written; any thread. */
    Segment activeSegment() {
        return activeSegment;
    }

    /** After the thread has stopped: forces and closes the active segment. */
    void closeFiles() throws IOException {
        if (active != null) {
            active.force(true);
            active.close();
        }
    }

    @Override
    public String roleName() {
        return "journal-writer";
    }

    @Override
    public int doWork() throws IOException {
        draining.clear();
        queue.drain(draining::add);
        // Retention runs on a clock, not only when idle: a busy writer must not fill the disk.
        if (System.nanoTime() - lastRetention > TimeUnit.SECONDS.toNanos(10)) {
            lastRetention = System.nanoTime();
            long now = System.currentTimeMillis();
            retention.enforce(now, activeSegment);
            histories.values().forEach(h -> h.expire(now));
        }
        if (draining.isEmpty()) {
            return 0;
        }
        writeGroup();
        return draining.size();
    }

    @Override
    public boolean hasWork() {
        return !queue.isEmpty();
    }

    /** Closing: what is queued is written and forced first; after a failure nothing more is. */
    @Override
    public void onClose() throws IOException {
        if (failure == null) {
            while (doWork() > 0) {
                // until the queue is empty
            }
        }
    }

    /** The runner's last resort: the writer stops, and the appender is refused from now on. */
    void failed(Throwable t) {
        failure = t;
        log.error("journal writer stopped: nothing more can be made durable", t);
    }

    /** Where a committed batch landed: its segment and the segment's size after it. */
    private record Placed<A>(CommittedBatch<A> batch, Segment segment, long end) {
    }

    private void writeGroup() throws IOException {
        placed.clear();
        encoder.clear();
        long position = activeSegment.size();
        for (Batch<A> batch : draining) {
            if (position + encoder.pending() >= config.segmentBytes()) {
                // Segments stay near their bound even when one group is large: flush what this
                // segment gets, roll (which forces it), and go on in the new one.
                position = flush(position);
                roll();
                position = activeSegment.size();
            }
            CommittedBatch<A> committed = encoder.encode(batch, ++lastBatch);
            batch.release();
            placed.add(new Placed<>(committed, activeSegment, position + encoder.pending()));
        }
        position = flush(position);
        if (config.durability() == Durability.FSYNC) {
            long forceStart = System.nanoTime();
            active.force(false);
            metrics.recordForce(System.nanoTime() - forceStart);
        }
        metrics.recordGroup(draining.size());
        activeSegment.size(position);
        // Durable from here on: publish, then release to the listener.
        for (Placed<A> p : placed) {
            for (JournalEvent event : p.batch().events()) {
                // History and index before the head moves: a reader that sees the new head
                // finds the events behind it.
                p.segment().indexEvent(event.stream(), event.seq());
                history(event.stream(), event.seq()).append(event);
                durableSeqs.put(event.stream(), event.seq());
            }
            p.segment().committed(p.batch().number(), p.batch().ts(), p.end());
            durableBatch = p.batch().number();
        }
        for (Placed<A> p : placed) {
            try {
                listener.onDurable(p.batch());
            } catch (RuntimeException e) {
                // The batch is durable whatever a listener does; one failing listener call must
                // not stop the log.
                log.error("journal listener failed on batch {}", p.batch().number(), e);
            }
        }
    }

    /** Writes what the encoder holds at {@code position} of the active segment; returns the new end. */
    private long flush(long position) throws IOException {
        position = encoder.writeTo(active, position);
        activeSegment.size(position);
        return position;
    }

    private StreamHistory history(String stream, long seq) {
        StreamHistory history = histories.get(stream);
        if (history == null) {
            history = new StreamHistory(config.historyEvents(), config.historyAge().toMillis(), seq);
            histories.put(stream, history);
        }
        return history;
    }

    /** Starts a new segment after the current one; its header holds the seq table so far. */
    private void roll() throws IOException {
        if (active != null) {
            active.force(true);
            active.close();
        }
        long first = lastBatch + 1;
        Path path = config.directory().resolve(Segment.fileName(first));
        Map<String, Long> table = new LinkedHashMap<>(encoder.seqs());
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.headerSize(epoch, table));
        RecordCodec.header(header, first, epoch, table, crc);
        header.flip();
        active = allocator.open(path, segments.isEmpty());
        long position = 0;
        while (header.hasRemaining()) {
            position += active.write(header, position);
        }
        active.force(true);
        allocator.forceDirectory();
        activeSegment = new Segment(path, first);
        activeSegment.size(position);
        segments.add(activeSegment);
        metrics.recordRoll();
    }


    /**
     * At open, before the thread starts: recovers the log, or starts a new one with
     * {@code newEpoch} (random when null); returns its epoch.
     */
    String recover(String newEpoch) throws IOException {
        allocator.discardSpare();
        LogRecovery.Result found = new LogRecovery(config.directory(),
                event -> history(event.stream(), event.seq()).append(event)).run();
        if (found.epoch() == null) {
            epoch = newEpoch != null ? newEpoch : HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
            lastBatch = 0;
            roll();
            log.info("new journal in {} with epoch {}", config.directory(), epoch);
            durableBatch = lastBatch;
            return epoch;
        }
        segments.addAll(found.segments());
        encoder.startAt(found.seqs());
        lastBatch = found.lastBatch();
        epoch = found.epoch();
        Segment last = segments.get(segments.size() - 1);
        active = FileChannel.open(last.path(), StandardOpenOption.WRITE, StandardOpenOption.READ);
        activeSegment = last;
        durableSeqs.putAll(found.seqs());
        allocator.prepareSpare();
        durableBatch = lastBatch;
        log.info("recovered journal {} epoch {}: {} segments, last batch {}, {} streams", config.directory(),
                found.epoch(), segments.size(), lastBatch, found.seqs().size());
        return found.epoch();
    }
}
