package io.tickwire.bench.jmh;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.match.MatchingEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded matching throughput with exchange-core's mix (see {@link MatchingWorkload})
 * on one book of ~1,000 resting orders. Each invocation replays the same 200,000 commands on a
 * fresh engine; the score is commands per second.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar MatchingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class MatchingBenchmark {

    static final int COMMANDS = 200_000;

    private MatchingWorkload workload;
    private MatchingEngine engine;
    private final MatchingWorkload.CountingEvents sink = new MatchingWorkload.CountingEvents();

    @Setup(Level.Trial)
    public void generate() {
        workload = new MatchingWorkload(COMMANDS, 42);
    }

    @Setup(Level.Invocation)
    public void freshEngine() {
        engine = workload.freshEngine();
    }

    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long exchangeCoreMix() {
        Command[] commands = workload.commands;
        for (int i = 0; i < commands.length; i++) {
            engine.process(commands[i], i, sink);
        }
        return sink.events;
    }
}
