package io.tickwire.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the journal stores and keeps its log.
 *
 * @param directory          where segments live; created if missing
 * @param durability         when a batch counts as durable
 * @param segmentBytes       a segment rolls over once it is at least this large (at a batch boundary)
 * @param historyEvents      events kept in memory per stream for fast resume
 * @param historyAge         events older than this leave the memory history
 * @param retentionAge       segments whose newest batch is older than this may be deleted
 * @param retentionBytes     segments beyond this total size, oldest first, may be deleted
 * @param queueCapacity      batches that may wait for the writer (a power of two)
 * @param preallocate        segments are zero-filled to {@code segmentBytes} ahead of use, so that a
 *                           {@code force} flushes data only, not a growing file's size (about
 *                           half the latency of an appending {@code fdatasync} here)
 */
public record JournalConfig(Path directory, Durability durability, long segmentBytes, int historyEvents,
                            Duration historyAge, Duration retentionAge, long retentionBytes, int queueCapacity,
                            boolean preallocate) {

    public JournalConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(historyAge, "historyAge");
        Objects.requireNonNull(retentionAge, "retentionAge");
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("segmentBytes must be at least 4096");
        }
        if (historyEvents < 0) {
            throw new IllegalArgumentException("historyEvents must be >= 0");
        }
        if (queueCapacity < 2 || Integer.bitCount(queueCapacity) != 1) {
            throw new IllegalArgumentException("queueCapacity must be a power of two >= 2");
        }
    }

    /**
     * Defaults: fsync, 64 MiB segments, 10,000 events or 1 hour of memory history per stream, 7 days or 10 GiB kept.
     */
    public static JournalConfig defaults(Path directory) {
        return new JournalConfig(directory, Durability.FSYNC, 64L << 20, 10_000, Duration.ofHours(1),
                Duration.ofDays(7), 10L << 30, 4096, true);
    }

    /** The same settings for a log in another directory (a relay keeps one per epoch). */
    public JournalConfig withDirectory(Path value) {
        return new JournalConfig(value, durability, segmentBytes, historyEvents, historyAge, retentionAge,
                retentionBytes, queueCapacity, preallocate);
    }

    public JournalConfig withDurability(Durability value) {
        return new JournalConfig(directory, value, segmentBytes, historyEvents, historyAge, retentionAge,
                retentionBytes, queueCapacity, preallocate);
    }

    public JournalConfig withPreallocation(boolean value) {
        return new JournalConfig(directory, durability, segmentBytes, historyEvents, historyAge, retentionAge,
                retentionBytes, queueCapacity, value);
    }

    public JournalConfig withSegmentBytes(long value) {
        return new JournalConfig(directory, durability, value, historyEvents, historyAge, retentionAge,
                retentionBytes, queueCapacity, preallocate);
    }

    public JournalConfig withHistory(int events, Duration age) {
        return new JournalConfig(directory, durability, segmentBytes, events, age, retentionAge, retentionBytes,
                queueCapacity, preallocate);
    }

    public JournalConfig withRetention(Duration age, long bytes) {
        return new JournalConfig(directory, durability, segmentBytes, historyEvents, historyAge, age, bytes,
                queueCapacity, preallocate);
    }
}
