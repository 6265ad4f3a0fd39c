package io.tickwire.journal;

import io.tickwire.journal.log.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of the journal's segments: whole segments go, oldest first, once they are older than
 * {@code retentionAge} or the log is larger than {@code retentionBytes}, but never one that holds
 * a batch recovery may still replay (after the oldest kept engine snapshot). The writer thread
 * enforces it on a clock; the snapshotter says what recovery still needs.
 */
final class SegmentRetention {
    private static final Logger log = LoggerFactory.getLogger(SegmentRetention.class);

    private final List<Segment> segments;
    private final JournalConfig config;
    private final JournalMetrics metrics;
    private volatile long retainAfterBatch;

    /** {@code segments}: the journal's copy-on-write list; readers stop finding a segment before its file goes. */
    SegmentRetention(List<Segment> segments, JournalConfig config, JournalMetrics metrics) {
        this.segments = segments;
        this.config = config;
        this.metrics = metrics;
    }

    /** Batches up to {@code batch} are covered by an engine snapshot: any thread. */
    void retainAfter(long batch) {
        retainAfterBatch = Math.max(retainAfterBatch, batch);
    }

    /** Deletes whole segments beyond the age or size bound, oldest first; never {@code active}. */
    void enforce(long nowMs, Segment active) {
        long total = 0;
        for (Segment segment : segments) {
            total += segment.size();
        }
        for (Segment segment : segments) {
            if (segment == active || segment.lastBatch() > retainAfterBatch) {
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
}
