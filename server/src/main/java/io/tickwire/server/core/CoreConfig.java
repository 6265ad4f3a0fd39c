package io.tickwire.server.core;

import io.tickwire.journal.JournalConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the trading core runs.
 *
 * @param journal              the journal's settings
 * @param snapshotDirectory    where engine snapshots go
 * @param snapshotEveryBatches take a snapshot after this many batches ...
 * @param snapshotEvery        ... or after this much time with at least one new batch
 * @param commandQueue         commands that may wait for the sequencer (a power of two)
 * @param maxBatch             commands per sequencer batch at most
 * @param closedOrdersKept     closed orders remembered per user (client-id dedup, lookups)
 */
public record CoreConfig(JournalConfig journal, Path snapshotDirectory, long snapshotEveryBatches,
                         Duration snapshotEvery, int commandQueue, int maxBatch, int closedOrdersKept) {

    public CoreConfig {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(snapshotDirectory, "snapshotDirectory");
        Objects.requireNonNull(snapshotEvery, "snapshotEvery");
        if (snapshotEveryBatches < 1 || maxBatch < 1 || closedOrdersKept < 0) {
            throw new IllegalArgumentException("snapshotEveryBatches and maxBatch must be >= 1");
        }
    }

    /** Defaults under {@code dataDir}: journal in {@code journal/}, snapshots in {@code snapshots/}. */
    public static CoreConfig defaults(Path dataDir) {
        return new CoreConfig(JournalConfig.defaults(dataDir.resolve("journal")), dataDir.resolve("snapshots"),
                100_000, Duration.ofMinutes(5), 1 << 16, 1024, 1000);
    }

    public CoreConfig withSnapshots(long everyBatches, Duration every) {
        return new CoreConfig(journal, snapshotDirectory, everyBatches, every, commandQueue, maxBatch,
                closedOrdersKept);
    }

    public CoreConfig withJournal(JournalConfig value) {
        return new CoreConfig(value, snapshotDirectory, snapshotEveryBatches, snapshotEvery, commandQueue, maxBatch,
                closedOrdersKept);
    }
}
