package io.tickwire.agent;

import java.util.Objects;

/**
 * The bounded multi-producer, single-consumer queue, without locks: gateway threads offer
 * commands, the sequencer thread polls them. A producer claims a position by compare-and-set on
 * the tail, then stores its element in the slot; the consumer takes a slot once its element is
 * there and clears it (Agrona's {@code ManyToOneConcurrentArrayQueue}, with {@code VarHandle}s
 * rather than {@code Unsafe}). A full queue refuses the offer at once; the caller answers the
 * client instead of blocking. The producers' counter, which they contend for, and the consumer's
 * sit on cache lines of their own.
 */
public final class MpscQueue<E> extends MpscQueueFields.Consumer {

    /** A queue of {@code capacity} elements, a power of two, at least 2. */
    public MpscQueue(int capacity) {
        super(capacity);
    }

    /** Any thread: elements offered and not yet polled (a moment's view while others run). */
    public int size() {
        long h = (long) HEAD.getVolatile(this);
        return (int) Math.max(0, (long) TAIL.getVolatile(this) - h);
    }

    /** Any thread. False when the queue is full. */
    public boolean offer(E element) {
        Objects.requireNonNull(element, "element");
        long limit = (long) HEAD_CACHE.getVolatile(this) + buffer.length;
        long t;
        do {
            t = (long) TAIL.getVolatile(this);
            if (t >= limit) {
                long h = (long) HEAD.getVolatile(this);
                limit = h + buffer.length;
                if (t >= limit) {
                    return false;
                }
                HEAD_CACHE.setRelease(this, h);
            }
        } while (!TAIL.compareAndSet(this, t, t + 1));
        // Volatile, not a release: a producer reads its consumer's "parked" flag next
        // (AgentRunner.wake), and that load must not move before this store (a lost wake-up).
        SLOTS.setVolatile(buffer, (int) t & mask, element);
        return true;
    }

    /** Consumer only. The next element, or {@code null} when none is ready. */
    @SuppressWarnings("unchecked")
    public E poll() {
        long h = head;
        int index = (int) h & mask;
        Object element = SLOTS.getVolatile(buffer, index);
        if (element == null) {
            return null;
        }
        // Cleared before the head moves on: a producer that claims the slot again finds it free.
        SLOTS.setRelease(buffer, index, null);
        HEAD.setRelease(this, h + 1);
        return (E) element;
    }

    /** Consumer only: whether the next element is not ready. */
    public boolean isEmpty() {
        return SLOTS.getVolatile(buffer, (int) head & mask) == null;
    }
}
