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
 * every part of the client shares with it: whether the client is closed, and the session events
 * (delivered to the user's listener on its own thread).
 */
final class ClientLoop {
    private final ScheduledExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Session events; kept (up to 4,096) until a listener is set. */
    private final ListenerQueue<SessionEvent> sessionQueue = new ListenerQueue<>("session", 4096, null, t -> { });
    /** The loop's thread: the JDK may deliver a frame on it (see {@code Connection}'s hand-off). */
    private volatile Thread thread;

    ClientLoop() {
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

    ListenerQueue<SessionEvent> sessionQueue() {
        return sessionQueue;
    }

    void emit(SessionEvent event) {
        sessionQueue.offer(event); // a session listener too slow for 4,096 events loses the oldest news
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
