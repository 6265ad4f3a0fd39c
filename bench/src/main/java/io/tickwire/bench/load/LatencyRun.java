package io.tickwire.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives an action at a fixed rate for a while and records each operation's latency, measured
 * from the moment it was due (not when it was sent), so a stall shows in the numbers instead of
 * hiding (coordinated omission). Rate 0 means as fast as possible.
 */
public final class LatencyRun {

    public static final Histogram HISTOGRAM = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

    private LatencyRun() {
    }

    /** Something to do at {@code dueNanos}; it reports completion through {@link #record}. */
    @FunctionalInterface
    public interface Action {
        void fire(long dueNanos) throws Exception;
    }

    /** Records one completion of an operation due at {@code dueNanos}. */
    public static synchronized void record(long dueNanos) {
        HISTOGRAM.recordValue(Math.max(0, System.nanoTime() - dueNanos));
    }

    /** Fires {@code action} {@code ratePerSecond} times a second for {@code seconds}; returns how many. */
    public static long drive(long ratePerSecond, double seconds, Action action) throws Exception {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long count = 0;
        Progress progress = new Progress(start, seconds);
        if (ratePerSecond <= 0) {
            while (System.nanoTime() < end) {
                action.fire(System.nanoTime());
                count++;
                progress.maybePrint(count);
            }
            progress.done(count);
            return count;
        }
        double interval = 1e9 / ratePerSecond;
        while (true) {
            long due = start + (long) (count * interval);
            if (due >= end) {
                progress.done(count);
                return count;
            }
            progress.maybePrint(count);
            long now = System.nanoTime();
            if (due > now) {
                long wait = due - now;
                if (wait > 50_000) {
                    LockSupport.parkNanos(wait - 20_000);
                }
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            action.fire(due);
            count++;
        }
    }

    /**
     * A line on standard error each second while a run drives load (runs of two seconds or more),
     * so a long scenario shows it is alive and how far it got. Standard output keeps the tables.
     */
    private static final class Progress {
        private final long start;
        private final double seconds;
        private long nextAt;

        Progress(long start, double seconds) {
            this.start = start;
            this.seconds = seconds;
            this.nextAt = seconds >= 2 ? start + 1_000_000_000L : Long.MAX_VALUE;
        }

        void maybePrint(long count) {
            long now = System.nanoTime();
            if (now >= nextAt) {
                nextAt += 1_000_000_000L;
                System.err.printf("  ... %.0f of %.0f s, %,d sent%n", (now - start) / 1e9, seconds, count);
            }
        }

        void done(long count) {
            if (seconds >= 2) {
                System.err.printf("  ... %.0f s, %,d sent%n", seconds, count);
            }
        }
    }

    /** {@code p50 / p99 / p99.9 / max} in microseconds of this run's latencies. */
    public static synchronized String summary() {
        return summary(HISTOGRAM);
    }

    /** {@code p50 / p99 / p99.9 / max} in microseconds of a histogram of nanoseconds. */
    public static String summary(Histogram histogram) {
        return String.format("p50 %,.0f us  p99 %,.0f us  p99.9 %,.0f us  max %,.0f us  (n=%,d)",
                histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3,
                histogram.getTotalCount());
    }

    /** Deletes a benchmark's temporary directory and everything in it. */
    public static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public static synchronized void reset() {
        HISTOGRAM.reset();
    }
}
