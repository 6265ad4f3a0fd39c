package io.tickwire.agent;

import java.util.function.Consumer;

/**
 * The bounded single-producer, single-consumer queue: the sequencer's hand-off to the journal
 * writer, and the journal writer's to whatever receives its durable batches (the hub, the
 * JetStream publisher). Lock-free; the producer publishes with a volatile store and the consumer
 * reads with an acquire load. The producer's counter and the consumer's sit on cache lines of
 * their own (padded as Agrona's and JCTools' queues are), so neither thread's writes evict the
 * line the other reads; with {@code VarHandle}s rather than {@code Unsafe}, so no JVM needs a
 * module opened for it (docs/decisions.md, "One agent runtime").
 */
public final class SpscQueue<E> extends SpscQueueFields.Consumer {

    /** A queue of {@code capacity} elements, a power of two. */
    public SpscQueue(int capacity) {
        super(capacity);
    }

    /** The elements it holds at most. */
    public int capacity() {
        return buffer.length;
    }

    /** Producer only. False when the queue is full. */
    public boolean offer(E element) {
        long t = tail;
        if (t - headCache >= buffer.length) {
            headCache = (long) HEAD.getAcquire(this);
            if (t - headCache >= buffer.length) {
                return false;
            }
        }
        buffer[(int) t & mask] = element;
        // A full volatile store, not a release: a producer reads its consumer's "parked" flag
        // next (AgentRunner.wake), and that load must not move before this store (a lost wake-up).
        TAIL.setVolatile(this, t + 1);
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
        long h = head;
        long t = Math.min((long) TAIL.getAcquire(this), h + limit);
        for (long i = h; i < t; i++) {
            int index = (int) i & mask;
            E element = (E) buffer[index];
            buffer[index] = null;
            consumer.accept(element);
        }
        HEAD.setRelease(this, t);
        return (int) (t - h);
    }

    /** Consumer only: the oldest element without taking it, or null when the queue is empty. */
    @SuppressWarnings("unchecked")
    public E peek() {
        long h = head;
        return h == (long) TAIL.getAcquire(this) ? null : (E) buffer[(int) h & mask];
    }

    /** Consumer only: the oldest element, or null when the queue is empty. */
    @SuppressWarnings("unchecked")
    public E poll() {
        long h = head;
        if (h == (long) TAIL.getAcquire(this)) {
            return null;
        }
        int index = (int) h & mask;
        E element = (E) buffer[index];
        buffer[index] = null;
        HEAD.setRelease(this, h + 1);
        return element;
    }

    /** Any thread: a moment's view. */
    public boolean isEmpty() {
        return (long) HEAD.getVolatile(this) == (long) TAIL.getVolatile(this);
    }

    /** Any thread: elements queued and not yet taken, a moment's view. */
    public int size() {
        long h = (long) HEAD.getVolatile(this);
        return (int) Math.max(0, (long) TAIL.getVolatile(this) - h);
    }
}
