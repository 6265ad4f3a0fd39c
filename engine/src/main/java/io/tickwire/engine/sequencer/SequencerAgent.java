package io.tickwire.engine.sequencer;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.match.MatchingEngine;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * What runs on {@code tickwire-sequencer}, the one thread that touches the engine: the tasks
 * queued for it, then up to {@code maxBatch} commands at one engine time, applied in order and
 * handed on as one batch; with nothing to do it parks until {@link Sequencer} wakes it. When the
 * sequencer closes it applies what is queued, then stops. Other threads reach it only through
 * {@link Sequencer}.
 */
final class SequencerAgent implements Runnable {
    private final Sequencer proxy;
    private final MatchingEngine engine;
    private final Sequencer.Output output;
    private final MpscQueue<Command> commands;
    private final Queue<Consumer<MatchingEngine>> tasks;
    private final int maxBatch;
    private final LongSupplier clock;
    private long lastTs;

    SequencerAgent(Sequencer proxy, MatchingEngine engine, Sequencer.Output output, MpscQueue<Command> commands,
                   Queue<Consumer<MatchingEngine>> tasks, int maxBatch, LongSupplier clock) {
        this.proxy = proxy;
        this.engine = engine;
        this.output = output;
        this.commands = commands;
        this.tasks = tasks;
        this.maxBatch = maxBatch;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            while (true) {
                runTasks();
                Command first = commands.poll();
                if (first == null) {
                    if (!proxy.isRunning() && commands.isEmpty()) {
                        break;
                    }
                    proxy.parked(true);
                    if (commands.isEmpty() && tasks.isEmpty() && proxy.isRunning()) {
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                    }
                    proxy.parked(false);
                    continue;
                }
                long ts = Math.max(lastTs, clock.getAsLong());
                lastTs = ts;
                EngineEventSink sink = output.beginBatch(ts);
                engine.process(first, ts, sink);
                for (int i = 1; i < maxBatch; i++) {
                    Command next = commands.poll();
                    if (next == null) {
                        break;
                    }
                    engine.process(next, ts, sink);
                }
                output.endBatch();
            }
            runTasks();
        } catch (Throwable t) {
            proxy.failed(t);
            LoggerFactory.getLogger(Sequencer.class).error("sequencer stopped", t);
        }
    }

    private void runTasks() {
        Consumer<MatchingEngine> task;
        while ((task = tasks.poll()) != null) {
            task.accept(engine);
        }
    }
}
