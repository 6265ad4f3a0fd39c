package io.tickwire.journal;

import io.tickwire.journal.history.StreamHistory;
import io.tickwire.journal.log.RecordView;
import io.tickwire.journal.log.Records;
import io.tickwire.journal.log.Segment;
import io.tickwire.journal.log.SegmentScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>At open, every segment is scanned. The log is cut at the first torn or corrupt record,
 * and at a batch whose end marker is missing; segments after a cut are set aside with a
 * {@code .corrupt} suffix, never deleted. The epoch is created with the log and kept in every
 * segment's header, with the seq table as of that segment's start.
 *
 * @param <A> what rides with each batch to the listener, not stored (the core's receipts and
 *            payloads): typed end to end, so the listener never casts
 */
public final class Journal<A> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private static final String SPARE = "spare.prealloc";

    /** Bytes of zeros per write, and per force when forced in chunks. */
    private static final int ZERO_CHUNK = 1 << 20;

    private final JournalConfig config;
    private final JournalListener<A> listener;
    private final String epoch;
    private final CopyOnWriteArrayList<Segment> segments = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, StreamHistory> histories = new ConcurrentHashMap<>();
    /** Seqs of durable events: what readers may see. */
    private final ConcurrentHashMap<String, Long> durableSeqs = new ConcurrentHashMap<>();
    /** Seqs assigned by the writer, ahead of {@link #durableSeqs} between a write and its force. */
    private final Map<String, Long> assignedSeqs = new HashMap<>();
    private final SpscQueue<Batch<A>> queue;
    private final CRC32C crc = new CRC32C();
    private final List<Batch<A>> draining = new ArrayList<>();

    private volatile long durableBatch;
    private volatile long retainAfterBatch;
    private volatile boolean running = true;
    private volatile boolean writerParked;
    private volatile Throwable failure;
    private final JournalMetrics metrics = new JournalMetrics();

    private FileChannel active;
    private Segment activeSegment;
    private long lastBatch;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private final Thread writer;

    private final List<Placed<A>> placed = new ArrayList<>();

    /** Stream and type names repeat endlessly: encode each once ({@code short length + UTF-8}). */
    private final Map<String, byte[]> names = new HashMap<>();

    private String pendingEpoch;

    private final ExecutorService preallocator = Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "tickwire-journal-preallocator");
                t.setDaemon(true);
                return t;
            });

    private volatile boolean spareReady;

    private Journal(JournalConfig config, JournalListener<A> listener) throws IOException {
        this.config = config;
        this.listener = listener;
        this.queue = new SpscQueue<>(config.queueCapacity());
        Files.createDirectories(config.directory());
        this.epoch = recover();
        this.durableBatch = lastBatch;
        this.writer = new Thread(this::writeLoop, "tickwire-journal-writer");
        this.writer.setDaemon(false);
        this.writer.start();
    }

    /**
     * Opens (creating or recovering) the journal in {@code config.directory()} and starts its
     * writer thread. {@code listener} receives every batch appended from now on, once durable.
     */
    public static <A> Journal<A> open(JournalConfig config, JournalListener<A> listener) {
        try {
            return new Journal<>(config, listener);
        } catch (IOException e) {
            throw new JournalException("cannot open journal in " + config.directory() + ": " + e.getMessage(), e);
        }
    }

    /** The epoch of every stream in this journal: new whenever the log starts afresh. */
    public String epoch() {
        return epoch;
    }

    /** The number of the last durable batch (0 before the first). */
    public long lastBatch() {
        return durableBatch;
    }

    /** The seq of the last durable event of a stream, 0 if it has none. */
    public long lastSeq(String stream) {
        return durableSeqs.getOrDefault(stream, 0L);
    }

    /**
     * Whether {@link #read} of {@code stream} after {@code afterSeq} is served from memory now,
     * without touching the disk. Any thread; the answer may change as the history moves on.
     */
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
        if (writerParked) {
            LockSupport.unpark(writer);
        }
    }

    private void checkUsable() {
        Throwable f = failure;
        if (f != null) {
            throw new JournalException("journal writer failed: " + f.getMessage(), f);
        }
        if (!running) {
            throw new JournalException("journal is closed");
        }
    }

    // ------------------------------------------------------------------ writer thread

    private void writeLoop() {
        long lastRetention = System.nanoTime();
        try {
            while (true) {
                draining.clear();
                queue.drain(draining::add);
                // Retention runs on a clock, not only when idle: a busy writer must not fill the disk.
                if (System.nanoTime() - lastRetention > TimeUnit.SECONDS.toNanos(10)) {
                    lastRetention = System.nanoTime();
                    long now = System.currentTimeMillis();
                    enforceRetention(now);
                    histories.values().forEach(h -> h.expire(now));
                }
                if (draining.isEmpty()) {
                    if (!running) {
                        return;
                    }
                    writerParked = true;
                    if (queue.isEmpty() && running) {
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
                    }
                    writerParked = false;
                    continue;
                }
                writeGroup();
            }
        } catch (Throwable t) {
            failure = t;
            log.error("journal writer stopped: nothing more can be made durable", t);
        }
    }

    /** Where a committed batch landed: its segment and the segment's size after it. */
    private record Placed<A>(CommittedBatch<A> batch, Segment segment, long end) {
    }

    private void writeGroup() throws IOException {
        placed.clear();
        buffer.clear();
        long position = activeSegment.size();
        for (Batch<A> batch : draining) {
            if (position + buffer.position() >= config.segmentBytes()) {
                // Segments stay near their bound even when one group is large: flush what this
                // segment gets, roll (which forces it), and go on in the new one.
                position = flush(position);
                roll();
                position = activeSegment.size();
            }
            CommittedBatch<A> committed = encode(batch, ++lastBatch);
            placed.add(new Placed<>(committed, activeSegment, position + buffer.position()));
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

    /** Writes the buffer at {@code position} of the active segment; returns the new end. */
    private long flush(long position) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            position += active.write(buffer, position);
        }
        buffer.clear();
        activeSegment.size(position);
        return position;
    }

    private CommittedBatch<A> encode(Batch<A> batch, long number) {
        int size = Records.PREFIX + Records.COMMON + 8;
        for (byte[] command : batch.commands) {
            size += Records.PREFIX + Records.COMMON + 4 + command.length;
        }
        for (Batch.Pending event : batch.events) {
            size += Records.PREFIX + Records.COMMON + Records.stringSize(event.stream()) + 8
                    + Records.stringSize(event.type()) + 4 + event.data().length;
        }
        ensureCapacity(size);
        for (byte[] command : batch.commands) {
            int at = Records.begin(buffer, Records.COMMAND, number, batch.ts);
            Records.putBytes(buffer, command);
            Records.end(buffer, at, crc);
        }
        List<JournalEvent> events = new ArrayList<>(batch.events.size());
        for (Batch.Pending pending : batch.events) {
            long seq = assignedSeqs.merge(pending.stream(), 1L, Long::sum);
            int at = Records.begin(buffer, Records.EVENT, number, batch.ts);
            buffer.put(nameBytes(pending.stream()));
            buffer.putLong(seq);
            buffer.put(nameBytes(pending.type()));
            Records.putBytes(buffer, pending.data());
            Records.end(buffer, at, crc);
            events.add(new JournalEvent(pending.stream(), seq, batch.ts, pending.type(), pending.data()));
        }
        int at = Records.begin(buffer, Records.BATCH_END, number, batch.ts);
        buffer.putInt(batch.commands.size()).putInt(batch.events.size());
        Records.end(buffer, at, crc);
        return new CommittedBatch<>(number, batch.ts, List.copyOf(batch.commands), events, batch.attachment);
    }

    private byte[] nameBytes(String name) {
        byte[] bytes = names.get(name);
        if (bytes == null) {
            ByteBuffer encoded = ByteBuffer.allocate(Records.stringSize(name));
            Records.putString(encoded, name);
            bytes = Arrays.copyOf(encoded.array(), encoded.position());
            if (names.size() < 1_000_000) {
                names.put(name, bytes);
            }
        }
        return bytes;
    }

    private void ensureCapacity(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(buffer.capacity() * 2, buffer.position() + more));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
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
        Map<String, Long> table = new LinkedHashMap<>(assignedSeqs);
        ByteBuffer header = ByteBuffer.allocate(Records.headerSize(epochOrNew(), table));
        Records.header(header, first, epochOrNew(), table, crc);
        header.flip();
        active = openNewSegment(path);
        long position = 0;
        while (header.hasRemaining()) {
            position += active.write(header, position);
        }
        active.force(true);
        forceDirectory();
        activeSegment = new Segment(path, first);
        activeSegment.size(position);
        segments.add(activeSegment);
        metrics.recordRoll();
    }

    /**
     * A new segment file: the zero-filled spare renamed into place when one is ready (so that
     * forces flush data only), else a plain new file. Then the next spare is prepared off the
     * writer thread.
     */
    private FileChannel openNewSegment(Path path) throws IOException {
        Path spare = config.directory().resolve(SPARE);
        if (config.preallocate() && spareReady && Files.exists(spare)) {
            spareReady = false;
            Files.move(spare, path, StandardCopyOption.ATOMIC_MOVE);
        } else if (config.preallocate() && segments.isEmpty()) {
            zeroFill(path, false); // the journal's very first segment: worth a short wait at creation
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        prepareSpare();
        return channel;
    }

    private void prepareSpare() {
        if (!config.preallocate() || spareReady) {
            return;
        }
        preallocator.execute(() -> {
            try {
                Path temp = config.directory().resolve(SPARE + ".tmp");
                zeroFill(temp, true);
                Files.move(temp, config.directory().resolve(SPARE), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                spareReady = true;
            } catch (IOException e) {
                if (running) {
                    log.warn("could not preallocate the next segment: {}", e.getMessage());
                }
            }
        });
    }

    /**
     * Writes a zero-filled file of {@code segmentBytes}. In chunks (the spare, written while the
     * journal runs): each 1 MiB is forced on its own, so that the journal's own
     * {@code fdatasync} never queues behind a whole segment of writeback, which stalled it for
     * tens of milliseconds after every roll. In alternating runs, pauses between the chunks
     * (5 and 10 ms) and smaller chunks (256 KiB) all made the journal's p99 worse: they spread
     * the contention over a longer time. A fill in chunks gives up when the journal closes.
     */
    private void zeroFill(Path path, boolean inChunks) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
            long written = 0;
            while (written < config.segmentBytes()) {
                zeros.clear();
                if (config.segmentBytes() - written < zeros.capacity()) {
                    zeros.limit((int) (config.segmentBytes() - written));
                }
                written += channel.write(zeros, written);
                if (inChunks && written < config.segmentBytes()) {
                    channel.force(false);
                    if (!running) {
                        throw new IOException("the journal is closing");
                    }
                }
            }
            channel.force(true);
        }
    }

    private String epochOrNew() {
        return epoch != null ? epoch : pendingEpoch;
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(config.directory(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the segment itself is synced.
            log.debug("directory fsync not supported: {}", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ recovery

    private String recover() throws IOException {
        Files.deleteIfExists(config.directory().resolve(SPARE));
        Files.deleteIfExists(config.directory().resolve(SPARE + ".tmp"));
        List<Segment> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(config.directory())) {
            files.filter(p -> Segment.firstBatchOf(p) > 0)
                    .sorted()
                    .forEach(p -> found.add(new Segment(p, Segment.firstBatchOf(p))));
        }
        if (found.isEmpty()) {
            pendingEpoch = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
            lastBatch = 0;
            roll();
            log.info("new journal in {} with epoch {}", config.directory(), pendingEpoch);
            return pendingEpoch;
        }
        String recoveredEpoch = null;
        for (int i = 0; i < found.size(); i++) {
            Segment segment = found.get(i);
            Recovered result = recoverSegment(segment, recoveredEpoch, i == 0);
            if (result.epoch != null && recoveredEpoch == null) {
                recoveredEpoch = result.epoch;
            }
            if (result.usable) {
                segments.add(segment);
            }
            if (result.cut) {
                for (Segment later : found.subList(i + 1, found.size())) {
                    Path aside = asideName(later.path());
                    Files.move(later.path(), aside, StandardCopyOption.REPLACE_EXISTING);
                    log.warn("set aside {} (after a cut in an earlier segment)", aside);
                }
                if (!result.usable) {
                    Path aside = asideName(segment.path());
                    Files.move(segment.path(), aside, StandardCopyOption.REPLACE_EXISTING);
                    log.warn("set aside {} (no intact header)", aside);
                }
                break;
            }
        }
        if (recoveredEpoch == null) {
            throw new JournalException("no segment in " + config.directory() + " has an intact header; "
                    + "move the *.corrupt files away to start a new journal");
        }
        pendingEpoch = recoveredEpoch;
        Segment last = segments.get(segments.size() - 1);
        active = FileChannel.open(last.path(), StandardOpenOption.WRITE, StandardOpenOption.READ);
        activeSegment = last;
        durableSeqs.putAll(assignedSeqs);
        prepareSpare();
        log.info("recovered journal {} epoch {}: {} segments, last batch {}, {} streams", config.directory(),
                recoveredEpoch, segments.size(), lastBatch, assignedSeqs.size());
        return recoveredEpoch;
    }

    /** {@code <name>.<millis>.corrupt}: never overwrites what an earlier recovery set aside. */
    private static Path asideName(Path segment) {
        return segment.resolveSibling(segment.getFileName() + "." + System.currentTimeMillis() + ".corrupt");
    }

    private record Recovered(String epoch, boolean usable, boolean cut) {
    }

    /** Scans one segment into the in-memory state; truncates it at the first damage. */
    private Recovered recoverSegment(Segment segment, String knownEpoch, boolean first) throws IOException {
        long goodEnd;
        String segmentEpoch;
        List<RecordView> pendingBatch = new ArrayList<>();
        boolean cut = false;
        String reason = null;
        try (SegmentScanner scanner = new SegmentScanner(segment.path())) {
            RecordView header = scanner.next();
            if (header == null || header.type() != Records.HEADER || header.batch() != segment.firstBatch()) {
                log.warn("segment {} has no intact header ({})", segment.path(), scanner.problem());
                return new Recovered(null, false, true);
            }
            ByteBuffer body = header.body();
            segmentEpoch = Records.getString(body);
            if (knownEpoch != null && !knownEpoch.equals(segmentEpoch)) {
                log.warn("segment {} belongs to epoch {}, not {}", segment.path(), segmentEpoch, knownEpoch);
                return new Recovered(null, false, true);
            }
            if (segment.firstBatch() != lastBatch + 1 && !first) {
                log.warn("segment {} starts at batch {}, expected {}", segment.path(), segment.firstBatch(), lastBatch
                        + 1);
                return new Recovered(null, false, true);
            }
            int streams = body.getInt();
            for (int i = 0; i < streams; i++) {
                String stream = Records.getString(body);
                long seq = body.getLong();
                if (first) {
                    assignedSeqs.put(stream, seq);
                }
            }
            if (first) {
                lastBatch = segment.firstBatch() - 1;
            }
            goodEnd = scanner.position();
            segment.size(goodEnd);
            RecordView record;
            while ((record = scanner.next()) != null) {
                if (record.batch() != lastBatch + 1 || record.type() == Records.HEADER) {
                    reason = "record of batch " + record.batch() + " where batch " + (lastBatch + 1) + " was expected";
                    break;
                }
                if (record.type() != Records.BATCH_END) {
                    pendingBatch.add(copy(record));
                    continue;
                }
                String bad = applyBatch(segment, record, pendingBatch);
                if (bad != null) {
                    reason = bad;
                    break;
                }
                pendingBatch.clear();
                goodEnd = scanner.position();
                segment.committed(lastBatch, record.ts(), goodEnd);
            }
            if (reason == null && scanner.stop() != SegmentScanner.Stop.END) {
                reason = scanner.stop() + ": " + scanner.problem();
            }
            if (reason == null && !pendingBatch.isEmpty()) {
                reason = "batch " + (lastBatch + 1) + " has no end marker";
            }
            cut = reason != null;
        }
        long fileSize = Files.size(segment.path());
        if (cut && fileSize > goodEnd) {
            log.warn("journal segment {}: cut at offset {} of {} ({})", segment.path(), goodEnd, fileSize,
                    reason == null ? "trailing bytes" : reason);
            try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
                channel.truncate(goodEnd);
                channel.force(true);
            }
        }
        return new Recovered(segmentEpoch, true, cut);
    }

    private static RecordView copy(RecordView record) {
        ByteBuffer body = ByteBuffer.allocate(record.body().remaining());
        body.put(record.body().duplicate()).flip();
        return new RecordView(record.offset(), record.size(), record.type(), record.batch(), record.ts(), body);
    }

    /** Applies a complete batch found by recovery; returns why it is inconsistent, or null. */
    private String applyBatch(Segment segment, RecordView end, List<RecordView> records) {
        ByteBuffer endBody = end.body().duplicate();
        int commands = endBody.getInt();
        int events = endBody.getInt();
        int seenCommands = 0;
        List<JournalEvent> decoded = new ArrayList<>();
        Map<String, Long> next = new HashMap<>();
        for (RecordView record : records) {
            if (record.type() == Records.COMMAND) {
                seenCommands++;
            } else if (record.type() == Records.EVENT) {
                JournalEvent event = decodeEvent(record);
                long expected = next.getOrDefault(event.stream(), assignedSeqs.getOrDefault(event.stream(), 0L)) + 1;
                if (event.seq() != expected) {
                    return "event " + event.stream() + "#" + event.seq() + " where #" + expected + " was expected";
                }
                next.put(event.stream(), event.seq());
                decoded.add(event);
            } else {
                return "unknown record type " + record.type();
            }
        }
        if (seenCommands != commands || decoded.size() != events) {
            return "batch " + end.batch() + " end marker counts do not match its records";
        }
        assignedSeqs.putAll(next);
        for (JournalEvent event : decoded) {
            segment.indexEvent(event.stream(), event.seq());
            history(event.stream(), event.seq()).append(event);
        }
        lastBatch = end.batch();
        return null;
    }

    static JournalEvent decodeEvent(RecordView record) {
        ByteBuffer body = record.body().duplicate();
        String stream = Records.getString(body);
        long seq = body.getLong();
        String type = Records.getString(body);
        byte[] data = Records.getBytes(body);
        return new JournalEvent(stream, seq, record.ts(), type, data);
    }

    // ------------------------------------------------------------------ reads (any thread)

    /**
     * Up to {@code max} events of {@code stream} with seq greater than {@code afterSeq}: from
     * memory when it reaches back that far, else from the segments; or a {@link Read.Gap} when
     * the oldest of them are no longer kept, or {@link Read.Ahead} for a cursor beyond the head.
     */
    public Read read(String stream, long afterSeq, int max) {
        long head = lastSeq(stream);
        if (afterSeq > head) {
            return new Read.Ahead(head);
        }
        if (afterSeq == head || max <= 0) {
            return new Read.Events(List.of());
        }
        StreamHistory history = histories.get(stream);
        if (history != null) {
            List<JournalEvent> events = history.after(afterSeq, max);
            if (events != null) {
                return new Read.Events(trimToDurable(events, head));
            }
        }
        try {
            return readSegments(stream, afterSeq, max, head);
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

    private Read readSegments(String stream, long afterSeq, int max, long head) throws IOException {
        List<JournalEvent> out = new ArrayList<>();
        for (Segment segment : segments) {
            long[] range = segment.seqRange(stream);
            if (range == null || range[1] <= afterSeq) {
                continue;
            }
            try (SegmentScanner scanner = new SegmentScanner(segment.path())) {
                RecordView record;
                while ((record = scanner.next()) != null && out.size() < max) {
                    // (a segment deleted by retention meanwhile is caught below: its events are a gap)
                    if (record.type() != Records.EVENT || scanner.position() > segment.size()) {
                        if (scanner.position() > segment.size()) {
                            break;
                        }
                        continue;
                    }
                    JournalEvent event = decodeEvent(record);
                    if (event.stream().equals(stream) && event.seq() > afterSeq && event.seq() <= head) {
                        out.add(event);
                    }
                }
            } catch (NoSuchFileException deleted) {
                out.clear(); // retention took it while we read: what follows starts after a gap
                continue;
            }
            if (out.size() >= max) {
                break;
            }
        }
        if (out.isEmpty() || out.get(0).seq() != afterSeq + 1) {
            long resumeAt = out.isEmpty() ? head + 1 : out.get(0).seq();
            return new Read.Gap(afterSeq + 1, resumeAt - 1);
        }
        return new Read.Events(out);
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
        replayUnchecked(afterBatch, checked);
        if (expected[0] <= durableBatch) {
            throw new JournalException("cannot replay from batch " + expected[0] + ": the log does not hold it");
        }
    }

    private void replayUnchecked(long afterBatch, Consumer<StoredBatch> consumer) {
        try {
            for (Segment segment : segments) {
                if (segment.lastBatch() <= afterBatch) {
                    continue;
                }
                try (SegmentScanner scanner = new SegmentScanner(segment.path())) {
                    List<byte[]> commands = new ArrayList<>();
                    RecordView record;
                    while ((record = scanner.next()) != null && scanner.position() <= segment.size()) {
                        if (record.batch() <= afterBatch) {
                            continue;
                        }
                        if (record.type() == Records.COMMAND) {
                            commands.add(Records.getBytes(record.body().duplicate()));
                        } else if (record.type() == Records.BATCH_END) {
                            consumer.accept(new StoredBatch(record.batch(), record.ts(), commands));
                            commands = new ArrayList<>();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new JournalException("cannot replay the journal: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ retention

    /**
     * Declares that batches up to {@code batch} are no longer needed for recovery (an engine
     * snapshot covers them): segments holding only such batches may now be deleted by age or size.
     */
    public void retainAfter(long batch) {
        retainAfterBatch = Math.max(retainAfterBatch, batch);
    }

    /** Deletes whole segments beyond the age or size bound; never the active one, never one recovery needs. */
    public void enforceRetention(long nowMs) {
        long total = 0;
        for (Segment segment : segments) {
            total += segment.size();
        }
        for (Segment segment : segments) {
            if (segment == activeSegment || segment.lastBatch() > retainAfterBatch) {
                break;
            }
            boolean tooOld = nowMs - segment.newestTs() > config.retentionAge().toMillis();
            boolean tooBig = total > config.retentionBytes();
            if (!tooOld && !tooBig) {
                break;
            }
            try {
                segments.remove(segment); // readers stop finding it before the file goes
                Files.deleteIfExists(segment.path());
                total -= segment.size();
                metrics.recordDeletion();
                log.info("retention deleted {} ({})", segment.path(), tooOld ? "age" : "size");
            } catch (IOException e) {
                log.warn("retention could not delete {}: {}", segment.path(), e.getMessage());
                break;
            }
        }
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
        if (!running) {
            return;
        }
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
            if (active != null) {
                active.force(true);
                active.close();
            }
            // The spare is written under a fixed name: a fill still running would write zeros
            // into a file that the next journal opened here may already have renamed into a
            // segment.
            preallocator.shutdownNow();
            if (!preallocator.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("the segment preallocator did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new JournalException("closing the journal: " + e.getMessage(), e);
        }
    }
}
