package io.tickwire.client;

import io.tickwire.agent.AgentThreads;
import io.tickwire.client.order.CommandEvent;
import io.tickwire.client.order.TrackedCommand;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls to the client's {@link TickwireListener}, made one at a time on one virtual thread
 * of their own, in the order they were asked for: user code never runs on the loop or the
 * socket's thread. Session events waiting for a slow listener are bounded; state changes and
 * command events are not dropped (there are few of them, and each matters).
 */
final class ListenerCalls {
    /** Session events queued for a listener that has not taken them yet; newer ones are dropped. */
    static final int MAX_PENDING_SESSION_EVENTS = 4096;

    private final TickwireListener listener;
    /** Null when the listener is the default one: nothing to call, no thread. */
    private final ExecutorService thread;
    private final AtomicInteger pendingSessionEvents = new AtomicInteger();
    private volatile Thread callingThread;

    ListenerCalls(TickwireListener listener) {
        this.listener = listener;
        this.thread = listener == null ? null
                : Executors.newSingleThreadExecutor(Thread.ofVirtual().name(AgentThreads.name("listener")).factory());
    }

    void sessionEvent(SessionEvent event) {
        if (thread == null) {
            return;
        }
        if (pendingSessionEvents.incrementAndGet() > MAX_PENDING_SESSION_EVENTS) {
            pendingSessionEvents.decrementAndGet(); // a listener this far behind loses the newest news
            return;
        }
        call(() -> {
            pendingSessionEvents.decrementAndGet();
            try {
                listener.onSessionEvent(event);
            } catch (RuntimeException e) {
                // reported nowhere else: an Error event about it would go to the same method
            }
        });
    }

    void stateChange(ConnectionStatus state, ConnectionStatus previous) {
        if (thread != null) {
            call(() -> {
                try {
                    listener.onStateChange(state, previous);
                } catch (RuntimeException e) {
                    listener.onSessionEvent(new SessionEvent.Error(ClientLoop.now(), "the listener's onStateChange"
                            + " threw " + e, e));
                }
            });
        }
    }

    void commandEvent(TrackedCommand command, CommandEvent event) {
        if (thread != null) {
            call(() -> {
                try {
                    listener.onCommandEvent(command, event);
                } catch (RuntimeException e) {
                    listener.onSessionEvent(new SessionEvent.Error(ClientLoop.now(), "the listener's onCommandEvent"
                            + " threw " + e, e));
                }
            });
        }
    }

    private void call(Runnable task) {
        try {
            thread.execute(() -> {
                callingThread = Thread.currentThread();
                try {
                    task.run();
                } catch (RuntimeException dropped) {
                    // onSessionEvent threw while reporting another method's exception
                }
            });
        } catch (RejectedExecutionException closed) {
            // the client is closed: the listener hears nothing more
        }
    }

    /**
     * The client is closed: what is queued is still called (up to a second), then the listener
     * hears nothing more; a call in progress finishes.
     */
    void stop() {
        if (thread == null) {
            return;
        }
        thread.shutdown();
        if (Thread.currentThread() != callingThread) { // close() from inside a listener call must not wait for it
            try {
                thread.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread.shutdownNow();
    }
}
