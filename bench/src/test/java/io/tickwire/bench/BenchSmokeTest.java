package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.bench.jmh.BatchFrameBenchmark;
import io.tickwire.bench.jmh.CodecBenchmark;
import io.tickwire.bench.jmh.HubFanoutBenchmark;
import io.tickwire.bench.jmh.MatchingWorkload;
import io.tickwire.bench.load.CoreLatency;
import io.tickwire.bench.load.JournalLatency;
import io.tickwire.bench.load.LatencyRun;
import io.tickwire.bench.ws.FanoutScenario;
import io.tickwire.testkit.nats.NatsServer;
import io.tickwire.bench.ws.IdleScenario;
import io.tickwire.bench.ws.OrdersScenario;
import io.tickwire.bench.ws.Report;
import io.tickwire.bench.ws.ResumeScenario;
import io.tickwire.engine.match.MatchingEngine;
import io.tickwire.journal.Durability;
import io.tickwire.codec.Decoded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tiny runs of every benchmark's code, so that the benchmarks cannot rot. Not measurements. */
class BenchSmokeTest {

    /** Small heaps: a smoke run is not a measurement, and CI machines are small. */
    private static final List<String> SMALL = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @Test
    void theMatchingWorkloadReplaysWithoutRejectionsAndTrades() {
        MatchingWorkload workload = new MatchingWorkload(5_000, 42);
        MatchingEngine engine = workload.freshEngine();
        MatchingWorkload.CountingEvents sink = new MatchingWorkload.CountingEvents();
        for (int i = 0; i < workload.commands.length; i++) {
            engine.process(workload.commands[i], i, sink);
        }
        assertThat(sink.rejected).isZero();
        assertThat(engine.openOrderCount()).isBetween(900, 1200);
        assertThat(sink.events).isGreaterThan(5_000);
    }

    @Test
    void theLatencyRunsComplete() throws Exception {
        LatencyRun.reset();
        assertThat(JournalLatency.run(500, 0.3, Durability.NONE)).contains("p99");
        LatencyRun.reset();
        CoreLatency.Result result = CoreLatency.run(1_000, 0.5);
        assertThat(result.throughput()).isPositive();
        assertThat(LatencyRun.HISTOGRAM.getTotalCount()).isPositive();
    }

    @Test
    void theCodecBenchmarkRoundTripsEveryEventType() {
        for (String type : List.of("book.delta", "book.snapshot", "market.trade", "order.update", "trade",
                "balance.update")) {
            CodecBenchmark b = new CodecBenchmark();
            b.type = type;
            b.setUp(); // throws if the encoded frame does not decode
            assertThat(new String(b.encode(), StandardCharsets.UTF_8)).contains("\"type\":\"" + type);
            assertThat(b.frame()).isEqualTo(b.encode());
            assertThat(b.decode()).isInstanceOf(Decoded.Ok.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "loops"})
    void theHubFanoutBenchmarkDeliversToEverySession(String path) throws Exception {
        HubFanoutBenchmark b = new HubFanoutBenchmark();
        b.sessions = 100;
        b.path = path;
        b.setUp();
        try {
            assertThat(b.oneEventToAll()).isEqualTo(1);
            assertThat(b.oneEventToAll()).isEqualTo(2);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void fanoutMeasuresTickwireAndTheCeilingInTheirOwnProcesses(@TempDir Path out) throws Exception {
        Report report = FanoutScenario.run(new FanoutScenario.FanoutLoad(3, 50, 0.5, 0.3, 1, SMALL));
        assertThat(report.rows()).extracting(r -> r.get("target")).containsExactly("tickwire", "ceiling");
        assertThat(report.rows()).allSatisfy(r -> {
            assertThat((double) r.get("messages/s")).isPositive();
            assertThat((double) r.get("server heap+direct MB")).isPositive();
            // Latency comes from the stamp board: recorded only when seqs and stamps line up.
            assertThat(((Number) r.get("p50 µs")).longValue()).isPositive();
            assertThat(((Number) r.get("max µs")).longValue()).isLessThan(60_000_000L);
        });
        assertThat(report.notes()).anyMatch(n -> n.contains("Tickwire / ceiling"));
        Path md = report.write(out);
        assertThat(Files.readString(md)).contains("| tickwire | 3 |");
        assertThat(Files.readString(Path.of(md.toString().replace(".md",
                ".json")))).startsWith("{\"scenario\":\"fanout\"");
    }

    @Test
    void fanoutThroughARelayDeliversEveryEventAndReportsTheHop() throws Exception {
        Report report = FanoutScenario.run(new FanoutScenario.FanoutLoad(3, 50, 0.5, 0.3, 1, SMALL, null, 0, 1));
        assertThat(report.rows()).extracting(r -> r.get("target"))
                .containsExactly("tickwire", "tickwire via 1 relays", "ceiling");
        Map<String, Object> via = report.rows().get(1);
        assertThat((double) via.get("messages/s")).isPositive();
        assertThat(((Number) via.get("p50 µs")).longValue()).isPositive();
        assertThat(report.notes()).anyMatch(n -> n.contains("Through 1 relay nodes"));
    }

    @Test
    void theBatchFrameBenchmarkDecodesWhatItEncodes() {
        BatchFrameBenchmark b = new BatchFrameBenchmark();
        b.events = 16;
        b.setUp();
        assertThat(b.decode().events()).hasSize(16);
        assertThat(b.decode().receipts()).hasSize(8);
        assertThat(b.encode()).isNotEmpty();
    }

    @Test
    void fanoutThroughGatewayNodesDeliversEveryEventAndReportsTheHop(@TempDir Path dir) throws Exception {
        try (NatsServer nats = NatsServer.start(dir)) {
            Report report = FanoutScenario.run(new FanoutScenario.FanoutLoad(4, 50, 0.5, 0.3, 1, SMALL, nats.url(), 2,
                    0));
            assertThat(report.rows()).extracting(r -> r.get("target"))
                    .containsExactly("tickwire", "tickwire via 2 gateways", "ceiling");
            Map<String, Object> via = report.rows().get(1);
            assertThat((double) via.get("messages/s")).isPositive();
            assertThat(((Number) via.get("p50 µs")).longValue()).isPositive();
            assertThat(report.notes()).anyMatch(n -> n.contains("gateway hop adds"));
        }
    }

    @Test
    void ordersTimesEveryOrderToItsReceiptAndUpdate() throws Exception {
        Report report = OrdersScenario.run(new OrdersScenario.OrdersLoad(2, List.of(100, 0), 0.5, 0.2, 1, SMALL));
        assertThat(report.rows()).hasSize(2);
        assertThat(report.rows()).allSatisfy(r -> {
            assertThat((double) r.get("orders/s sent")).isPositive();
            assertThat((double) r.get("orders/s completed")).isPositive();
            assertThat((long) r.get("rejected")).isZero();
            assertThat((long) r.get("never completed")).isZero();
            assertThat((double) r.get("update p50 ms")).isPositive();
        });
    }

    @Test
    void idleMeasuresMemoryPerConnectionOfBoth() throws Exception {
        Report report = IdleScenario.run(new IdleScenario.IdleLoad(20, 0.2, 1, SMALL));
        assertThat(report.rows()).extracting(r -> r.get("target")).containsExactly("tickwire", "ceiling");
        assertThat(report.notes()).anyMatch(n -> n.contains("KB"));
    }

    @Test
    void resumeCatchesEveryClientUpWithoutLossOrRepeat() throws Exception {
        Report report = ResumeScenario.run(new ResumeScenario.ResumeLoad(5, 30, 1, SMALL));
        var row = report.rows().get(0);
        assertThat(row.get("missed each")).isEqualTo(30L);
        assertThat(row.get("recovered")).isEqualTo(5L);
        assertThat(row.get("events replayed")).isEqualTo(150L);
        assertThat(row.get("holes")).isEqualTo(0L);
        assertThat(row.get("gaps or snapshots")).isEqualTo(0L);
        assertThat(row.get("not caught up")).isEqualTo(0L);
        assertThat(row.get("repeated")).isEqualTo(0L);
        assertThat((double) row.get("all caught up ms")).isPositive();
    }
}
