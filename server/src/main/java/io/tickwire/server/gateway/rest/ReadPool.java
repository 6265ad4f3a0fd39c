package io.tickwire.server.gateway.rest;

import io.tickwire.agent.AgentThreads;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Two threads for reads that may touch the journal's segments on disk: never an event loop. At
 * most {@code queue} reads wait for them; one more is answered 503 with {@code Retry-After} at
 * once, so that a burst of history reads costs its senders a retry rather than the node an
 * unbounded backlog (memory, and answers that come after their clients gave up).
 */
final class ReadPool implements AutoCloseable {
    /** What a refused read is told to wait: about the time the pool takes to drain a full queue. */
    static final long RETRY_AFTER_MS = 1_000;

    private final ThreadPoolExecutor threads;

    ReadPool(int queue) {
        this.threads = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                AgentThreads.factory("rest-io", e -> LoggerFactory.getLogger(ReadPool.class).error("read failed", e)));
    }

    /** Runs {@code read} on the pool; it answers {@code ex} from there, and a failure is answered for it. */
    void offload(RestExchange ex, Runnable read) {
        try {
            threads.execute(() -> {
                try {
                    read.run();
                } catch (BadRequest e) {
                    ex.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage(), e.field);
                } catch (RuntimeException e) {
                    ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "read failed");
                }
            });
        } catch (RejectedExecutionException full) { // the queue is full, or the node is closing
            ex.unavailable("too many history reads are waiting", RETRY_AFTER_MS);
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
