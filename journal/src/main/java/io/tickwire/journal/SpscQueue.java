package io.tickwire.journal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A bounded single-producer, single-consumer queue: the hand-off from the sequencer to the
 * journal writer, and from the journal writer to whatever receives its durable batches. Lock-free; the producer
 * publishes with a release store and the consumer reads
 * with an acquire load. (Agrona's queues would do, but need {@code --add-exports} of
 * {@code jdk.internal.misc} on every JVM that runs the server.)
 */
public final class SpscQueue<E> {
    private final Object[] buffer;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    /** Producer's cached view of head, to avoid reading the consumer's counter on every offer. */
    private long headCache;

    /** A queue of {@code capacity} elements, a power of two. */
    public SpscQueue(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        this.buffer = new Object[capacity];
        this.mask = capacity - 1;
    }

    /** Producer only. False when the queue is full. */
    public boolean offer(E element) {
        long t = tail.get();
        if (t - headCache >= buffer.length) {
            headCache = head.get();
            if (t - headCache >= buffer.length) {
                return false;
            }
        }
        buffer[(int) t & mask] = element;
        // A full volatile store, not lazySet: the producer reads the writer's "parked" flag
        // next, and that load must not be reordered before this store (a lost wake-up).
        tail.set(t + 1);
        return true;
    }

    /** Consumer only: hands every element queued so far to {@code consumer}; returns how many. */
    public int drain(Consumer<E> consumer) {
        return drain(consumer, Integer.MAX_VALUE);
    }

    /**
     * Consumer only: hands at most {@code limit} of the elements queued so far to {@code consumer}; returns how many.
     */
    @SuppressWarnings("unchecked")
    public int drain(Consumer<E> consumer, int limit) {
        long h = head.get();
        long t = Math.min(tail.get(), h + limit);
        for (long i = h; i < t; i++) {
            int index = (int) i & mask;
            E element = (E) buffer[index];
            buffer[index] = null;
            consumer.accept(element);
        }
        head.lazySet(t);
        return (int) (t - h);
    }

    /** Consumer only: the oldest element without taking it, or null when the queue is empty. */
    @SuppressWarnings("unchecked")
    public E peek() {
        long h = head.get();
        return h == tail.get() ? null : (E) buffer[(int) h & mask];
    }

    /** Consumer only: the oldest element, or null when the queue is empty. */
    @SuppressWarnings("unchecked")
    public E poll() {
        long h = head.get();
        if (h == tail.get()) {
            return null;
        }
        int index = (int) h & mask;
        E element = (E) buffer[index];
        buffer[index] = null;
        head.lazySet(h + 1);
        return element;
    }

    /** Any thread: a moment's view. */
    public boolean isEmpty() {
        return head.get() == tail.get();
    }
}
