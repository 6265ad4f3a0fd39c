package io.tickwire.server.frontdoor.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.agent.AgentThreads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two threads for work that touches the disk: reads of the journal's segments, and the rare admin
 * write (a revocation, forced to disk before its answer); never an event loop. At most
 * {@code queue} tasks wait for them; one more is answered 503 with {@code Retry-After} at once, so
 * that a burst of history reads costs its senders a retry rather than the node an unbounded
 * backlog (memory, and answers that come after their clients gave up). Every task is answered,
 * whatever it throws.
 */
final class ReadPool implements AutoCloseable {
    /** What a refused read is told to wait: about the time the pool takes to drain a full queue. */
    static final long RETRY_AFTER_MS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ReadPool.class);

    private final ThreadPoolExecutor threads;

    ReadPool(int queue) {
        this.threads = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                AgentThreads.factory("rest-io", e -> log.error("a disk task failed", e)));
    }

    /**
     * Runs {@code task} on the pool; it answers {@code ex} from there, and a failure is answered for
     * it (500 {@code internal}, logged). {@code what} names such tasks in the 503 when too many wait,
     * e.g. "history reads".
     */
    void offload(RestExchange ex, String what, Runnable task) {
        try {
            threads.execute(() -> {
                try {
                    task.run();
                } catch (BadRequest e) {
                    ex.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage(), e.field);
                } catch (RuntimeException e) {
                    log.warn("{} of {} failed", what, ex.request().uri(), e);
                    ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "the request failed on this node");
                } catch (Error e) { // answered, then left to the thread's death and the pool's replacement
                    log.error("{} of {} failed", what, ex.request().uri(), e);
                    ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "the request failed on this node");
                    throw e;
                }
            });
        } catch (RejectedExecutionException full) { // the queue is full, or the node is closing
            ex.unavailable("too many " + what + " are waiting", RETRY_AFTER_MS);
        }
    }

    /** Reads waiting for a thread now. */
    int queued() {
        return threads.getQueue().size();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
