package io.tickwire.bench.jmh;

import io.tickwire.bench.load.LatencyRun;
import io.tickwire.journal.Batch;
import io.tickwire.journal.Durability;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Journal append throughput with group commit: one producer appends batches of 10 events
 * (about 120 bytes of data each) as fast as the writer makes them durable; the score is events
 * per second. With {@code fsync}, every group costs one {@code force}; the queue's back-pressure
 * makes the producer's rate the durable rate.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar JournalAppendBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JournalAppendBenchmark {

    static final int EVENTS_PER_BATCH = 10;

    @Param({"FSYNC", "NONE"})
    public Durability durability;

    private Path dir;
    private Journal<Object> journal;
    private final AtomicLong released = new AtomicLong();
    private byte[] data;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("tickwire-journal-bench");
        journal = Journal.open(JournalConfig.defaults(dir).withDurability(durability).withSegmentBytes(256L << 20),
                batch -> released.addAndGet(batch.events().size()));
        data = ("{\"order_id\":1001,\"client_order_id\":null,\"symbol\":\"BTC-USDT\",\"side\":\"BUY\","
                + "\"status\":\"NEW\",\"qty\":\"0.002\"}").getBytes(StandardCharsets.UTF_8);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        journal.close();
        LatencyRun.deleteTree(dir);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_BATCH)
    public void append() {
        Batch<Object> batch = new Batch<>(System.currentTimeMillis()).command(data);
        for (int i = 0; i < EVENTS_PER_BATCH; i++) {
            batch.event(i % 2 == 0 ? "book.BTC-USDT" : "account:" + (i % 5), "order.update", data);
        }
        journal.append(batch);
    }
}
