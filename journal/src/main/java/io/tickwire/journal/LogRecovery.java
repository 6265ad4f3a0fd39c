package io.tickwire.journal;

import io.tickwire.journal.log.RecordCodec;
import io.tickwire.journal.log.RecordView;
import io.tickwire.journal.log.Segment;
import io.tickwire.journal.log.SegmentScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan of a journal directory at open, once, on the opening thread: every segment is read,
 * the log is cut at the first torn or corrupt record and at a batch whose end marker is missing,
 * and segments after a cut are set aside with a {@code .corrupt} suffix, never deleted. Each
 * event of an intact batch is handed on as it is found (to rebuild the memory history).
 *
 * <p>Read-only, for a journal no writer appends to any more ({@link ClosedJournal}), the scan
 * changes nothing on disk: it stops at the first damage as a writable open would cut there, and
 * leaves the files as they are.
 */
final class LogRecovery {
    private static final Logger log = LoggerFactory.getLogger(LogRecovery.class);

    private final Path directory;
    private final Consumer<JournalEvent> recovered;
    /** Scan only: nothing is truncated or set aside. */
    private final boolean readOnly;
    /** Seqs of the last intact batch, per stream. */
    private final Map<String, Long> assignedSeqs = new HashMap<>();
    private final List<Segment> segments = new ArrayList<>();
    private long lastBatch;

    /**
     * What the directory holds: no segment at all (a new journal: {@code epoch} null), or the
     * intact segments, the last intact batch and each stream's seq after it.
     */
    record Result(String epoch, List<Segment> segments, long lastBatch, Map<String, Long> seqs) {
    }

    private record Recovered(String epoch, boolean usable, boolean cut) {
    }

    LogRecovery(Path directory, Consumer<JournalEvent> recovered) {
        this(directory, recovered, false);
    }

    /** {@code readOnly}: scan without changing anything on disk (a closed journal read by cursor). */
    LogRecovery(Path directory, Consumer<JournalEvent> recovered, boolean readOnly) {
        this.directory = directory;
        this.recovered = recovered;
        this.readOnly = readOnly;
    }

    /**
     * @throws JournalException if segments exist and none has an intact header
     */
    Result run() throws IOException {
        List<Segment> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> Segment.firstBatchOf(p) > 0)
                    .sorted()
                    .forEach(p -> found.add(new Segment(p, Segment.firstBatchOf(p))));
        }
        if (found.isEmpty()) {
            return new Result(null, List.of(), 0, Map.of());
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
            if (result.cut && readOnly) {
                break; // what follows the damage is not read; a writable open sets it aside
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
            throw new JournalException("no segment in " + directory + " has an intact header; "
                    + "move the *.corrupt files away to start a new journal");
        }
        return new Result(recoveredEpoch, List.copyOf(segments), lastBatch, Map.copyOf(assignedSeqs));
    }

    /** {@code <name>.<millis>.corrupt}: never overwrites what an earlier recovery set aside. */
    private static Path asideName(Path segment) {
        return segment.resolveSibling(segment.getFileName() + "." + System.currentTimeMillis() + ".corrupt");
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
            if (header == null || header.type() != RecordCodec.HEADER || header.batch() != segment.firstBatch()) {
                log.warn("segment {} has no intact header ({})", segment.path(), scanner.problem());
                return new Recovered(null, false, true);
            }
            ByteBuffer body = header.body();
            segmentEpoch = RecordCodec.getString(body);
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
                String stream = RecordCodec.getString(body);
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
                if (record.batch() != lastBatch + 1 || record.type() == RecordCodec.HEADER) {
                    reason = "record of batch " + record.batch() + " where batch " + (lastBatch + 1) + " was expected";
                    break;
                }
                if (record.type() != RecordCodec.BATCH_END) {
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
        // (read-only: the segment's size is already goodEnd, so reads stop where this would cut)
        if (cut && !readOnly && fileSize > goodEnd) {
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
            if (record.type() == RecordCodec.COMMAND) {
                seenCommands++;
            } else if (record.type() == RecordCodec.EVENT) {
                JournalEvent event = SegmentReads.decodeEvent(record);
                Long previous = next.getOrDefault(event.stream(), assignedSeqs.get(event.stream()));
                long expected = previous == null ? 1 : previous + 1;
                // A stream's first event may start after 1 (a relay records its upstream's seqs);
                // after that the seqs are dense.
                if (previous == null ? event.seq() < 1 : event.seq() != expected) {
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
            recovered.accept(event);
        }
        lastBatch = end.batch();
        return null;
    }
}
