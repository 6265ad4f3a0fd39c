package io.tickwire.bench.jmh;

import io.tickwire.engine.event.Receipt;
import io.tickwire.journal.JournalEvent;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.nats.wire.PublishedBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A durable batch in and out of its JetStream form, in nanoseconds per batch: {@code encode} is
 * what the core's publisher does once per batch (off the sequencer and the journal writer, on its
 * own thread), {@code decode} what each gateway node's feed does. A batch of {@code events} events
 * of about 200 bytes of data each (an {@code order.update}'s size), one receipt per two events.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar BatchFrameBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BatchFrameBenchmark {
    private static final String EPOCH = "884b961570363e97";

    @Param({"1", "16", "256"})
    public int events;

    private List<JournalEvent> batchEvents;
    private List<Receipt> receipts;
    private byte[] encoded;

    @Setup
    public void setUp() {
        byte[] data = ("{\"order_id\":1001,\"client_order_id\":\"my-1\",\"symbol\":\"BTC-USDT\",\"side\":\"BUY\","
                + "\"order_type\":\"LIMIT\",\"tif\":\"GTC\",\"price\":\"85000.00\",\"qty\":\"0.002\","
                + "\"status\":\"NEW\",\"filled_qty\":\"0\",\"updated_at\":1734533790000}")
                .getBytes(StandardCharsets.UTF_8);
        batchEvents = new ArrayList<>();
        receipts = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batchEvents.add(new JournalEvent(i % 2 == 0 ? "book.BTC-USDT" : "account:" + (1000 + i), 1_000 + i,
                    1_734_533_790_000L, "order.update", data));
            if (i % 2 == 0) {
                receipts.add(new Receipt(1_000_000L + i, 1000 + i, true, 5_000 + i, "my-" + i, null, null));
            }
        }
        encoded = encode();
    }

    @Benchmark
    public byte[] encode() {
        return BatchFrame.encode(42, 1_734_533_790_000L, batchEvents, receipts);
    }

    @Benchmark
    public PublishedBatch decode() {
        return BatchFrame.decode(EPOCH, encoded);
    }
}
