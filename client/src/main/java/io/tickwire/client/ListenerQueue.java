package io.tickwire.client;

import io.tickwire.agent.AgentThreads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A bounded queue in front of one listener, drained by its own virtual thread: listeners run off
 * the socket thread, and one that is too slow fills its own queue and nobody else's. When an offer
 * fails the caller decides what that means (a {@link SessionEvent.Lagged} and a resync); it can
 * ask to be told once the queue has drained to half ({@link #onceDrained}).
 */
final class ListenerQueue<T> {
    private final ArrayBlockingQueue<T> queue;
    private final int capacity;
    private final String name;
    private final Consumer<Throwable> failures;
    private final Consumer<T> listener;
    private final AtomicReference<Runnable> drainWatch = new AtomicReference<>();
    private volatile boolean stopped;
    private final Thread thread;

    ListenerQueue(String name, int capacity, Consumer<T> listener, Consumer<Throwable> failures) {
        this.name = name;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.listener = listener;
        this.failures = failures;
        this.thread = Thread.ofVirtual().name(AgentThreads.name("listener-" + name)).start(this::drain);
    }

    /** Queues {@code item} unless the queue is full. Never blocks. */
    boolean offer(T item) {
        return !stopped && queue.offer(item);
    }

    /** Runs {@code task} once, on the delivery thread, when the queue has drained to half its capacity. */
    void onceDrained(Runnable task) {
        drainWatch.set(task);
        checkDrained();
    }

    private void checkDrained() {
        if (queue.size() <= capacity / 2) {
            Runnable task = drainWatch.getAndSet(null);
            if (task != null) {
                task.run();
            }
        }
    }

    /** Stops delivering; the listener gets nothing after this returns, but a call in progress. */
    void stop() {
        stopped = true;
        queue.clear();
        thread.interrupt();
    }

    private void drain() {
        try {
            while (!stopped) {
                T item = queue.take();
                if (stopped) {
                    return;
                }
                try {
                    listener.accept(item);
                } catch (Throwable t) {
                    failures.accept(t);
                }
                checkDrained();
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ListenerQueue[" + name + ", " + queue.size() + "/" + capacity + "]";
    }
}
