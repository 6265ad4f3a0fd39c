package io.tickwire.bench.jmh;

import io.tickwire.bench.load.LatencyRun;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.Durability;
import io.tickwire.journal.JournalEvent;
import io.tickwire.codec.JsonCodec;
import io.tickwire.codec.PayloadEncoder;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.server.hub.Delivery;
import io.tickwire.server.hub.FanoutBatch;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.hub.Session;
import io.tickwire.server.hub.StreamKey;
import io.tickwire.server.metrics.ServerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hub's fan-out in process: one durable event on a public stream handed to N in-memory
 * sessions (no sockets), from {@link Hub#onDurable} until the last session has it. The score is
 * the time per event for all N; divide by N for the cost per delivery. It is the hub's share of
 * a push: frame the event once, hand the same bytes to each subscriber, flush each once.
 *
 * <p>Two paths ({@code path}): {@code direct}, sessions without a delivery, to which the hub hands
 * every frame itself; and {@code loops}, sessions spread over four deliveries as WebSocket
 * sessions are over event loops, to which the hub hands each batch once. Here a delivery runs on
 * the hub's thread and only counts, so the score is the hub's work plus the loops' iteration
 * without the thread hand-off; {@code -prof gc} shows what each path allocates per event.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HubFanoutBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HubFanoutBenchmark {
    private static final String STREAM = "trades.BTC-USDT";

    @Param({"10000"})
    public int sessions;

    @Param({"direct", "loops"})
    public String path;

    static final int LOOPS = 4;

    private Path dir;
    private TradingCore core;
    private Hub hub;
    private CountingSession last;
    private byte[] data;
    private long seq;
    private long batch = 1L << 40;

    /** A subscriber that only counts, as a session that buffers without a socket would. */
    static final class CountingSession implements Session {
        private final long id;
        CountingDelivery delivery;
        volatile long frames;
        volatile long flushes;
        volatile long messages;

        CountingSession(long id) {
            this.id = id;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public Principal principal() {
            return null;
        }

        @Override
        public void send(byte[] frame) {
            frames++; // only the hub thread writes
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void send(ServerMessage message) {
            messages++;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public Delivery delivery() {
            return delivery;
        }
    }

    /** A delivery that keeps its sessions' membership as an event loop's outbox does, and counts. */
    static final class CountingDelivery implements Delivery {
        private final List<List<CountingSession>> byStream = new ArrayList<>();

        @Override
        public void attach(Session session, StreamKey stream) {
            while (byStream.size() <= stream.id()) {
                byStream.add(new ArrayList<>());
            }
            byStream.get(stream.id()).add((CountingSession) session);
        }

        @Override
        public void detach(Session session, StreamKey stream) {
            byStream.get(stream.id()).remove(session);
        }

        @Override
        public void publish(FanoutBatch batch) {
            for (int i = 0; i < batch.size(); i++) {
                int id = batch.stream(i).id();
                if (id >= byStream.size()) {
                    continue; // a stream none of these sessions follows
                }
                List<CountingSession> sessions = byStream.get(id);
                for (int k = 0; k < sessions.size(); k++) {
                    sessions.get(k).frames++; // only the hub thread writes here
                }
            }
        }
    }

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("tickwire-hub-bench");
        CoreConfig config = CoreConfig.defaults(dir);
        config = config.withJournal(config.journal().withDurability(Durability.NONE));
        hub = new Hub(new JsonCodec(), new ServerMetrics());
        core = TradingCore.open(config, DemoVenue.markets(), hub);
        hub.start(core);
        List<CountingSession> all = new ArrayList<>();
        CountingDelivery[] loops = new CountingDelivery[LOOPS];
        for (int i = 0; i < LOOPS; i++) {
            loops[i] = new CountingDelivery();
        }
        for (int i = 0; i < sessions; i++) {
            CountingSession s = new CountingSession(i + 1);
            s.delivery = path.equals("loops") ? loops[i % LOOPS] : null;
            all.add(s);
            hub.subscribe(s, 1L, Topic.parse(STREAM), null);
        }
        last = all.get(all.size() - 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (last.messages == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        if (last.messages == 0) {
            throw new IllegalStateException("the sessions were not subscribed");
        }
        data = new PayloadEncoder(new JsonCodec()).encode(CodecBenchmark.payload("market.trade"));
    }

    @Benchmark
    public long oneEventToAll() {
        long expected = last.frames + 1;
        seq++;
        hub.onDurable(new CommittedBatch<>(batch++, 0, List.of(), List.of(new JournalEvent(STREAM, seq,
                1_734_533_790_123L, "market.trade", data)), null));
        while (last.frames < expected) {
            Thread.onSpinWait();
        }
        return expected;
    }

    @TearDown
    public void tearDown() throws Exception {
        hub.close();
        core.close();
        LatencyRun.deleteTree(dir);
    }
}
