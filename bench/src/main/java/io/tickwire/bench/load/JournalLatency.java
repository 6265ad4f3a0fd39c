package io.tickwire.bench.load;

import io.tickwire.journal.Batch;
import io.tickwire.journal.Durability;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalConfig;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Journal latency from {@code append} to release (durable, handed to the listener) at fixed
 * event rates, in batches of 10 events.
 *
 * <p>Each rate is bracketed by two measurements of the disk's own {@code force} latency
 * ({@link DiskSync}) in the same directory, and reports the garbage-collection pause time and
 * the slow forces of its run, so that a tail can be told apart: the disk's, the collector's, or
 * the journal's own.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.tickwire.bench.load.JournalLatency [seconds] [rates...]}
 * (default 10 s at 10k, 100k and 500k events/s, fsync).
 */
public final class JournalLatency {

    /** Built once, so the driver's own garbage stays out of the journal's pauses. */
    private static final String[] STREAMS = IntStream.range(0, 7)
            .mapToObj(i -> "account:" + i).toArray(String[]::new);

    private JournalLatency() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        long[] rates = args.length > 1 ? Arrays.stream(args).skip(1).mapToLong(Long::parseLong).toArray()
                : new long[] {10_000, 100_000, 500_000};
        Path scratch = Files.createTempDirectory("tickwire-disk-sync");
        try {
            for (long eventsPerSecond : rates) {
                System.out.printf("disk force (write 1.2 KB + fdatasync, back to back):     %s%n",
                        DiskSync.measure(scratch, 2));
                System.out.printf("journal fsync, %,d events/s (batches of 10), append -> released: %s%n",
                        eventsPerSecond, run(eventsPerSecond / 10, seconds, Durability.FSYNC));
                System.out.printf("disk force again:                                         %s%n",
                        DiskSync.measure(scratch, 2));
            }
        } finally {
            LatencyRun.deleteTree(scratch);
        }
    }

    /** Runs one rate; returns the latency summary. */
    public static String run(long batchesPerSecond, double seconds, Durability durability) throws Exception {
        Path dir = Files.createTempDirectory("tickwire-journal-latency");
        byte[] data = "{\"asset\":\"USDT\",\"avail\":\"1000.000000\",\"frozen\":\"85.000000\"}".getBytes(
                StandardCharsets.UTF_8);
        try (Journal<Long> journal = Journal.open(JournalConfig.defaults(dir).withDurability(durability)
                .withSegmentBytes(256L << 20), batch -> LatencyRun.record(batch.attachment()))) {
            // Warm up, then measure.
            LatencyRun.drive(batchesPerSecond, Math.min(2, seconds / 2), due -> journal.append(batch(due, data)));
            Thread.sleep(200);
            LatencyRun.reset();
            long gcBefore = gcMillis();
            long forcesBefore = journal.metrics().forces();
            long slowBefore = slowForces(journal);
            LatencyRun.drive(batchesPerSecond, seconds, due -> journal.append(batch(due, data)));
            Thread.sleep(200);
            return String.format("%s%n    during the run: GC pauses %,d ms; forces %,d, of which %,d took over 1 ms",
                    LatencyRun.summary(), gcMillis() - gcBefore, journal.metrics().forces() - forcesBefore,
                    slowForces(journal) - slowBefore);
        } finally {
            LatencyRun.deleteTree(dir);
        }
    }

    /** Forces of 2^20 ns (1.05 ms) or more, from the journal's log2 histogram. */
    private static long slowForces(Journal<?> journal) {
        long slow = 0;
        for (int bucket = 20; bucket < 64; bucket++) {
            slow += journal.metrics().forcesInBucket(bucket);
        }
        return slow;
    }

    /**
     * Collection time so far of the collectors that stop the application; G1's and ZGC's
     * concurrent beans ("G1 Concurrent GC", "ZGC … Cycles") run beside it and are left out.
     */
    private static long gcMillis() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = gc.getName();
            if (!name.contains("Concurrent") && !name.contains("Cycles")) {
                total += Math.max(0, gc.getCollectionTime());
            }
        }
        return total;
    }

    private static Batch<Long> batch(long due, byte[] data) {
        Batch<Long> batch = new Batch<Long>(System.currentTimeMillis()).attach(due);
        for (int i = 0; i < 10; i++) {
            batch.event(STREAMS[i % STREAMS.length], "balance.update", data);
        }
        return batch;
    }
}
