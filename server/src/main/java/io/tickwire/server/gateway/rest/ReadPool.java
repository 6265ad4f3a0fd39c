package io.tickwire.server.gateway.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Two threads for reads that may touch the journal's segments on disk: never an event loop. */
final class ReadPool implements AutoCloseable {
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "tickwire-rest-io");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code read} on the pool; it answers {@code ex} from there, and a failure is answered for it. */
    void offload(RestExchange ex, Runnable read) {
        threads.execute(() -> {
            try {
                read.run();
            } catch (BadRequest e) {
                ex.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage(), e.field);
            } catch (RuntimeException e) {
                ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "read failed");
            }
        });
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
