package io.tickwire.bench.load;

import io.tickwire.journal.Batch;
import io.tickwire.journal.Durability;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Journal latency from {@code append} to release (durable, handed to the listener) at fixed
 * event rates, in batches of 10 events.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.tickwire.bench.load.JournalLatency [seconds] [rates...]}
 * (default 10 s at 10k, 100k and 500k events/s, fsync).
 */
public final class JournalLatency {

    private JournalLatency() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        long[] rates = args.length > 1 ? java.util.Arrays.stream(args).skip(1).mapToLong(Long::parseLong).toArray()
                : new long[] {10_000, 100_000, 500_000};
        for (long eventsPerSecond : rates) {
            System.out.printf("journal fsync, %,d events/s (batches of 10), append -> released: %s%n",
                    eventsPerSecond, run(eventsPerSecond / 10, seconds, Durability.FSYNC));
        }
    }

    /** Runs one rate; returns the latency summary. */
    public static String run(long batchesPerSecond, double seconds, Durability durability) throws Exception {
        Path dir = Files.createTempDirectory("tickwire-journal-latency");
        byte[] data = "{\"asset\":\"USDT\",\"avail\":\"1000.000000\",\"frozen\":\"85.000000\"}".getBytes(StandardCharsets.UTF_8);
        try (Journal journal = Journal.open(JournalConfig.defaults(dir).withDurability(durability)
                .withSegmentBytes(256L << 20), batch -> LatencyRun.record((Long) batch.attachment()))) {
            // Warm up, then measure.
            LatencyRun.drive(batchesPerSecond, Math.min(2, seconds / 2), due -> journal.append(batch(due, data)));
            Thread.sleep(200);
            LatencyRun.reset();
            LatencyRun.drive(batchesPerSecond, seconds, due -> journal.append(batch(due, data)));
            Thread.sleep(200);
            return LatencyRun.summary();
        } finally {
            LatencyRun.deleteTree(dir);
        }
    }

    private static Batch batch(long due, byte[] data) {
        Batch batch = new Batch(System.currentTimeMillis()).attach(due);
        for (int i = 0; i < 10; i++) {
            batch.event("account:" + (i % 7), "balance.update", data);
        }
        return batch;
    }
}
