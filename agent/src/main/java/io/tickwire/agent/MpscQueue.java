package io.tickwire.agent;

/**
 * The bounded multi-producer, single-consumer queue, without locks (Vyukov's bounded queue with a
 * sequence number per slot): gateway threads offer commands, the sequencer thread polls them. A
 * full queue refuses the offer at once; the caller answers the client instead of blocking. The
 * producers' counter, which they contend for, and the consumer's sit on cache lines of their own.
 */
public final class MpscQueue<E> extends MpscQueueFields.Consumer<E> {

    /** A queue of {@code capacity} elements, a power of two, at least 2. */
    public MpscQueue(int capacity) {
        super(capacity);
    }

    /** Any thread: elements offered and not yet polled (a moment's view while others run). */
    public int size() {
        return (int) Math.max(0, (long) TAIL.getVolatile(this) - (long) CONSUMED.getVolatile(this));
    }

    /** Any thread. False when the queue is full. */
    public boolean offer(E element) {
        while (true) {
            long t = (long) TAIL.getVolatile(this);
            int index = (int) t & mask;
            long sequence = sequences.get(index);
            if (sequence == t) {
                if (TAIL.compareAndSet(this, t, t + 1)) {
                    slots.lazySet(index, element);
                    // Volatile: a producer reads the consumer's "parked" flag next (AgentRunner.wake).
                    sequences.set(index, t + 1);
                    return true;
                }
            } else if (sequence < t) {
                return false;
            }
            Thread.onSpinWait();
        }
    }

    /** Consumer only. The next element, or {@code null} when none is ready. */
    public E poll() {
        long h = head;
        int index = (int) h & mask;
        if (sequences.get(index) != h + 1) {
            return null;
        }
        E element = slots.get(index);
        slots.lazySet(index, null);
        sequences.lazySet(index, h + mask + 1);
        head = h + 1;
        CONSUMED.setRelease(this, h + 1);
        return element;
    }

    /** Consumer only: whether the next element is not ready. */
    public boolean isEmpty() {
        return sequences.get((int) head & mask) != head + 1;
    }
}
