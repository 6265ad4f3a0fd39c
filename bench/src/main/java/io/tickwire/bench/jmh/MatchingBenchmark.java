package io.tickwire.bench.jmh;

import io.tickwire.codec.JsonCodec;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.match.MatchingEngine;
import io.tickwire.journal.Batch;
import io.tickwire.server.core.BatchRecorder;
import io.tickwire.server.core.CoreBatch;
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
 * <ul>
 * <li>{@code exchangeCoreMix}: the engine alone, its events counted.</li>
 * <li>{@code recorded}: the sequencer thread's whole work, the engine and its events written
 *     into journal batches of {@value #BATCH} commands as the core does ({@link BatchRecorder});
 *     the batch is emptied and filled again instead of going to a journal thread.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar MatchingBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class MatchingBenchmark {

    static final int COMMANDS = 200_000;
    /** Commands per sequencer batch in {@code recorded}. */
    static final int BATCH = 16;

    private MatchingWorkload workload;
    private MatchingEngine engine;
    private final MatchingWorkload.CountingEvents sink = new MatchingWorkload.CountingEvents();
    private BatchRecorder recorder;
    private final Batch<CoreBatch> batch = new Batch<>(0);

    @Setup(Level.Trial)
    public void generate() {
        workload = new MatchingWorkload(COMMANDS, 42);
        recorder = new BatchRecorder(workload.registry, new JsonCodec(), new BatchRecorder.Outcomes() {
        });
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

    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long recorded() {
        Command[] commands = workload.commands;
        long events = 0;
        for (int i = 0; i < commands.length; i += BATCH) {
            recorder.begin(batch.clear(i));
            int end = Math.min(commands.length, i + BATCH);
            for (int c = i; c < end; c++) {
                engine.process(commands[c], c, recorder);
            }
            events += recorder.finish().isEmpty() ? 0 : 1;
        }
        return events;
    }
}
