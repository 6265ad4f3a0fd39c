package io.tickwire.client;

import io.tickwire.agent.AgentThreads;
import io.tickwire.agent.ErrorHandler;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client's one loop thread, which owns all connection, stream and command state, and what
 * every part of the client shares with it: whether the client is closed, and the client's listener
 * (called on a thread of its own).
 */
final class ClientLoop {
    private final ScheduledExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The client's listener, called on its own thread. */
    private final ListenerCalls listener;
    /** The loop's thread: the JDK may deliver a frame on it (see {@code Connection}'s hand-off). */
    private volatile Thread thread;

    /** @param listener the client's listener, or null for none */
    ClientLoop(TickwireListener listener) {
        this.listener = new ListenerCalls(listener);
        ThreadFactory threads = AgentThreads.factory("client-loop", ErrorHandler.logging("the client's loop"));
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = threads.newThread(r);
            thread = t;
            return t;
        });
    }

    /** Runs {@code task} on the loop. */
    void execute(Runnable task) {
        executor.execute(task);
    }

    /** Runs {@code task} on the loop, unless the client is closed. */
    void onLoop(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closing) {
            // the client is closed
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return executor.schedule(task, delay, unit);
    }

    void scheduleWithFixedDelay(Runnable task, long delayMillis) {
        executor.scheduleWithFixedDelay(task, delayMillis, delayMillis, TimeUnit.MILLISECONDS);
    }

    boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Marks the client closed; false if it was already. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** The client's listener: session events, state changes, command events. */
    ListenerCalls listener() {
        return listener;
    }

    void emit(SessionEvent event) {
        listener.sessionEvent(event);
    }

    /** Stops the loop (a task in progress finishes). */
    void shutdown() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long now() {
        return System.currentTimeMillis();
    }
}
