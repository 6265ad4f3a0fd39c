package io.tickwire.nats.publish;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the publisher's thread reports and other threads read (the meters, {@code close}): one
 * writer for each field, so plain volatile stores and atomic counters suffice.
 */
final class PublisherState {
    private volatile boolean overflow;
    private volatile boolean connected;
    private volatile long lastAcked;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong republished = new AtomicLong();
    private final AtomicLong splits = new AtomicLong();

    /** The hand-off queue was full: a batch was left to the journal. Writer: the journal's thread. */
    void overflowed() {
        overflow = true;
    }

    boolean takeOverflow() {
        if (!overflow) {
            return false;
        }
        overflow = false;
        return true;
    }

    boolean connected() {
        return connected;
    }

    void connected(boolean now) {
        connected = now;
    }

    long lastAcked() {
        return lastAcked;
    }

    void acknowledged(long batch) {
        lastAcked = batch;
    }

    void failed() {
        failures.incrementAndGet();
    }

    long failures() {
        return failures.get();
    }

    void connectFailed() {
        connectFailures.incrementAndGet();
    }

    long connectFailures() {
        return connectFailures.get();
    }

    void republished(long batches) {
        republished.addAndGet(batches);
    }

    long republished() {
        return republished.get();
    }

    void split() {
        splits.incrementAndGet();
    }

    long splits() {
        return splits.get();
    }
}
