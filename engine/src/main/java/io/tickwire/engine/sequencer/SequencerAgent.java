package io.tickwire.engine.sequencer;

import io.tickwire.agent.Agent;
import io.tickwire.agent.MpscQueue;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.match.MatchingEngine;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What runs on {@code tickwire-sequencer}, the one thread that touches the engine: the tasks
 * queued for it, then up to {@code maxBatch} commands at one engine time, applied in order and
 * handed on as one batch; with nothing to do its runner parks until {@link Sequencer} wakes it.
 * When the sequencer closes it applies what is queued, then stops. Other threads reach it only
 * through {@link Sequencer}.
 */
final class SequencerAgent implements Agent {
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
    public String roleName() {
        return "sequencer";
    }

    @Override
    public int doWork() {
        int work = runTasks();
        Command first = commands.poll();
        if (first == null) {
            return work;
        }
        long ts = Math.max(lastTs, clock.getAsLong());
        lastTs = ts;
        EngineEventSink sink = output.beginBatch(ts);
        engine.process(first, ts, sink);
        int batch = 1;
        for (; batch < maxBatch; batch++) {
            Command next = commands.poll();
            if (next == null) {
                break;
            }
            engine.process(next, ts, sink);
        }
        output.endBatch();
        return work + batch;
    }

    @Override
    public boolean hasWork() {
        return !commands.isEmpty() || !tasks.isEmpty();
    }

    /** Closing: what is queued is applied first (not after a failure: the engine is not to be trusted then). */
    @Override
    public void onClose() {
        if (proxy.failure() == null) {
            while (doWork() > 0) {
                // until the queue is empty
            }
        }
    }

    private int runTasks() {
        int n = 0;
        Consumer<MatchingEngine> task;
        while ((task = tasks.poll()) != null) {
            task.accept(engine);
            n++;
        }
        return n;
    }
}
