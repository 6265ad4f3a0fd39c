package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.bench.jmh.MatchingWorkload;
import io.tickwire.bench.load.CoreLatency;
import io.tickwire.bench.load.JournalLatency;
import io.tickwire.bench.load.LatencyRun;
import io.tickwire.engine.match.MatchingEngine;
import io.tickwire.journal.Durability;
import org.junit.jupiter.api.Test;

/** Tiny runs of every benchmark's code, so that the benchmarks cannot rot. Not measurements. */
class BenchSmokeTest {

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
    void theFanoutScenarioMeasuresTickwireAndTheCeiling(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out)
            throws Exception {
        var results = io.tickwire.bench.ws.FanoutScenario.run(
                new io.tickwire.bench.ws.FanoutScenario.Params(3, 50, 0.5, 0.3, 1));
        assertThat(results).extracting(io.tickwire.bench.ws.FanoutScenario.Result::target)
                .containsExactly("tickwire", "ceiling");
        assertThat(results).allSatisfy(r -> assertThat(r.messagesPerSecond()).isPositive());
        var md = io.tickwire.bench.ws.FanoutScenario.write(results, out);
        assertThat(java.nio.file.Files.readString(md)).contains("| tickwire | 3 |").contains("Tickwire / ceiling");
    }
}
