package io.tickwire.journal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Counters of the journal writer, read by the server's metrics: forces and their latency
 * (a log2 histogram of nanoseconds), groups and batches per group, segment rolls, deletions.
 */
public final class JournalMetrics {
    private final LongAdder forces = new LongAdder();
    private final LongAdder forceNanos = new LongAdder();
    private final AtomicLongArray forceBuckets = new AtomicLongArray(64);
    private final LongAdder groups = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder rolls = new LongAdder();
    private final LongAdder deletions = new LongAdder();

    /** Told of every force's duration, on the writer thread; set once, before the journal runs. */
    private volatile LongConsumer forceObserver = nanos -> { };

    /**
     * Has {@code observer} told of every force's duration in nanoseconds, on the journal writer's
     * thread: it must return at once (a histogram's record, no I/O).
     */
    public void observeForces(LongConsumer observer) {
        this.forceObserver = observer;
    }

    void recordForce(long nanos) {
        forceObserver.accept(nanos);
        forces.increment();
        forceNanos.add(nanos);
        forceBuckets.incrementAndGet(63 - Long.numberOfLeadingZeros(Math.max(1, nanos)));
    }

    void recordGroup(int batchCount) {
        groups.increment();
        batches.add(batchCount);
    }

    void recordRoll() {
        rolls.increment();
    }

    void recordDeletion() {
        deletions.increment();
    }

    public long forces() {
        return forces.sum();
    }

    public long forceNanosTotal() {
        return forceNanos.sum();
    }

    /** Forces that took between 2^i and 2^(i+1) ns. */
    public long forcesInBucket(int i) {
        return forceBuckets.get(i);
    }

    public long groups() {
        return groups.sum();
    }

    public long batches() {
        return batches.sum();
    }

    public long rolls() {
        return rolls.sum();
    }

    public long deletions() {
        return deletions.sum();
    }
}
