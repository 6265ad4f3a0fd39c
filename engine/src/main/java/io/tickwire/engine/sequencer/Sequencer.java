package io.tickwire.engine.sequencer;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.match.MatchingEngine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes the engine. Gateway threads {@link #submit} commands into a
 * bounded lock-free queue; the sequencer drains up to {@code maxBatch} at a time, stamps them
 * with one engine time, applies them in order, and hands the batch to its {@link Output} (the
 * journal). Reads and snapshots of engine state run on this thread too, between batches, via
 * {@link #onEngineThread}: the engine never needs a lock.
 */
public final class Sequencer implements AutoCloseable {

    /** Where batches go. Called on the sequencer thread only. */
    public interface Output {
        /** A batch of commands begins at engine time {@code ts}; returns the sink for their events. */
        EngineEventSink beginBatch(long ts);

        /** The batch is complete: hand it on. */
        void endBatch();
    }

    private final MatchingEngine engine;
    private final Output output;
    private final MpscQueue<Command> commands;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final int maxBatch;
    private final LongSupplier clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean parked;
    private volatile Throwable failure;
    private long lastTs;

    /**
     * @param queueCapacity commands that may wait (a power of two); beyond it {@link #submit} refuses
     * @param maxBatch      commands per batch at most
     * @param clock         engine time in ms; never goes backwards here even if the clock does
     */
    public Sequencer(MatchingEngine engine, Output output, int queueCapacity, int maxBatch, LongSupplier clock) {
        this.engine = engine;
        this.output = output;
        this.commands = new MpscQueue<>(queueCapacity);
        this.maxBatch = maxBatch;
        this.clock = clock;
        this.thread = new Thread(this::run, "tickwire-sequencer");
    }

    public Sequencer start() {
        thread.start();
        return this;
    }

    /**
     * Queues a command; any thread, never blocks.
     *
     * @return false when the queue is full or the sequencer stopped: the caller tells the client to retry
     */
    public boolean submit(Command command) {
        if (!running || failure != null || !commands.offer(command)) {
            return false;
        }
        if (parked) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Runs {@code task} on the sequencer thread between batches; the future completes with its result. */
    public <T> CompletableFuture<T> onEngineThread(Function<MatchingEngine, T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!thread.isAlive() && !running) {
            result.completeExceptionally(new IllegalStateException("sequencer is stopped"));
            return result;
        }
        tasks.add(() -> {
            try {
                result.complete(task.apply(engine));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        LockSupport.unpark(thread);
        return result;
    }

    private void run() {
        try {
            while (true) {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Command first = commands.poll();
                if (first == null) {
                    if (!running && commands.isEmpty()) {
                        break;
                    }
                    parked = true;
                    if (commands.isEmpty() && tasks.isEmpty() && running) {
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                    }
                    parked = false;
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
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        } catch (Throwable t) {
            failure = t;
            running = false;
            LoggerFactory.getLogger(Sequencer.class).error("sequencer stopped", t);
        }
    }

    /** The error that stopped the sequencer, or {@code null}. */
    public Throwable failure() {
        return failure;
    }

    /** Commands queued and not yet taken by the sequencer thread; any thread. */
    public int queueDepth() {
        return commands.size();
    }

    /** Stops taking commands, applies those already queued, and stops the thread. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
