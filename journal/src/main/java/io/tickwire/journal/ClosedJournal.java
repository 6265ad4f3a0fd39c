package io.tickwire.journal;

import io.tickwire.journal.log.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A journal that no writer appends to any more, read by cursor: a relay's older epoch, whose
 * cursors clients still hold. It is opened by one scan of its segments, read-only (nothing on
 * disk changes, unlike {@link Journal#open}, which cuts a damaged tail), and then keeps only
 * what a read needs to find its segments: each segment's seq ranges and each stream's last seq,
 * not the events. Every read goes to the disk. A segment that retention deletes meanwhile reads
 * as a gap, as in a live journal. Any thread.
 */
public final class ClosedJournal implements EventHistory {
    private final String epoch;
    private final Map<String, Long> lastSeqs;
    private final SegmentReads reads;

    private ClosedJournal(String epoch, Map<String, Long> lastSeqs, List<Segment> segments) {
        this.epoch = epoch;
        this.lastSeqs = lastSeqs;
        this.reads = new SegmentReads(segments);
    }

    /**
     * Scans the journal in {@code directory}, which no writer may have open.
     *
     * @throws JournalException if the directory holds no journal, or it cannot be read
     */
    public static ClosedJournal open(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new JournalException("no journal in " + directory);
        }
        try {
            LogRecovery.Result found = new LogRecovery(directory, event -> { }, true).run();
            if (found.epoch() == null) {
                throw new JournalException("no journal in " + directory);
            }
            return new ClosedJournal(found.epoch(), found.seqs(), found.segments());
        } catch (IOException e) {
            throw new JournalException("cannot read the journal in " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public long lastSeq(String stream) {
        return lastSeqs.getOrDefault(stream, 0L);
    }

    /** Only a cursor at the head is served without the disk: nothing is held in memory. */
    @Override
    public boolean inMemory(String stream, long afterSeq) {
        return afterSeq >= lastSeq(stream);
    }

    @Override
    public ReadResult read(String stream, long afterSeq, int max) {
        long head = lastSeq(stream);
        if (afterSeq > head) {
            return new ReadResult.Ahead(head);
        }
        if (afterSeq == head || max <= 0) {
            return new ReadResult.Events(List.of());
        }
        try {
            return reads.read(stream, afterSeq, max, head);
        } catch (IOException e) {
            throw new JournalException("cannot read " + stream + " after " + afterSeq + " in epoch " + epoch + ": "
                    + e.getMessage(), e);
        }
    }

    /** Nothing: every read of a closed journal goes to the disk. */
    @Override
    public Map<String, Integer> historySizes() {
        return Map.of();
    }
}
