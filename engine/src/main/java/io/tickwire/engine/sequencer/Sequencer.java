package io.tickwire.engine.sequencer;

import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.IdleStrategy;
import io.tickwire.agent.MpscQueue;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.match.MatchingEngine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * The sequencer as other threads see it: gateway threads {@link #submit} commands into a bounded
 * lock-free queue, and reads and snapshots of engine state are queued with
 * {@link #onEngineThread}. The {@link SequencerAgent} on {@code tickwire-sequencer} is the one
 * thread that touches the engine: it drains up to {@code maxBatch} commands at a time, stamps
 * them with one engine time, applies them in order, and hands the batch to its {@link Output}
 * (the journal); the engine never needs a lock. Nothing here touches the engine.
 */
public final class Sequencer implements AutoCloseable {

    /** Where batches go. Called on the sequencer thread only. */
    public interface Output {
        /** A batch of commands begins at engine time {@code ts}; returns the sink for their events. */
        EngineEventSink beginBatch(long ts);

        /** The batch is complete: hand it on. */
        void endBatch();
    }

    private final MpscQueue<Command> commands;
    /** Work for the engine's thread between batches: reads, snapshots. */
    private final ConcurrentLinkedQueue<Consumer<MatchingEngine>> tasks = new ConcurrentLinkedQueue<>();
    /** Runs the {@link SequencerAgent}; parks up to 10 ms when idle, woken by a submit. */
    private final AgentRunner runner;

    /**
     * @param queueCapacity commands that may wait (a power of two); beyond it {@link #submit} refuses
     * @param maxBatch      commands per batch at most
     * @param clock         engine time in ms; never goes backwards here even if the clock does
     */
    public Sequencer(MatchingEngine engine, Output output, int queueCapacity, int maxBatch, LongSupplier clock) {
        this.commands = new MpscQueue<>(queueCapacity);
        this.runner = new AgentRunner(new SequencerAgent(this, engine, output, commands, tasks, maxBatch, clock),
                IdleStrategy.parking(Duration.ofMillis(10)),
                t -> LoggerFactory.getLogger(Sequencer.class).error("sequencer stopped", t)).daemon(false);
    }

    public Sequencer start() {
        runner.start();
        return this;
    }

    /**
     * Queues a command; any thread, never blocks.
     *
     * @return false when the queue is full or the sequencer stopped: the caller tells the client to retry
     */
    public boolean submit(Command command) {
        if (!runner.isRunning() || !commands.offer(command)) {
            return false;
        }
        runner.wake();
        return true;
    }

    /** Runs {@code task} on the sequencer thread between batches; the future completes with its result. */
    public <T> CompletableFuture<T> onEngineThread(Function<MatchingEngine, T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!runner.isAlive() && !runner.isRunning()) {
            result.completeExceptionally(new IllegalStateException("sequencer is stopped"));
            return result;
        }
        tasks.add(engine -> {
            try {
                result.complete(task.apply(engine));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        runner.wake();
        return result;
    }

    /** The error that stopped the sequencer, or {@code null}. */
    public Throwable failure() {
        return runner.failure();
    }

    /** Commands queued and not yet taken by the sequencer thread; any thread. */
    public int queueDepth() {
        return commands.size();
    }

    /** Stops taking commands, applies those already queued, and stops the thread. */
    @Override
    public void close() {
        runner.close();
    }
}
