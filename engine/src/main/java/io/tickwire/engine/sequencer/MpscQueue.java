package io.tickwire.engine.sequencer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded multi-producer, single-consumer queue without locks (Vyukov's bounded queue with a
 * sequence number per slot): gateway threads offer commands, the sequencer thread polls them.
 * A full queue refuses the offer at once; the caller answers the client instead of blocking.
 */
final class MpscQueue<E> {
    private final AtomicReferenceArray<E> slots;
    private final AtomicLongArray sequences;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private long head;
    /** {@link #head} again, published with a release store for {@link #size()} on other threads. */
    private final AtomicLong consumed = new AtomicLong();

    MpscQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2");
        }
        slots = new AtomicReferenceArray<>(capacity);
        sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.set(i, i);
        }
        mask = capacity - 1;
    }

    /** Any thread: elements offered and not yet polled (a moment's view while others run). */
    int size() {
        return (int) Math.max(0, tail.get() - consumed.get());
    }

    /** Any thread. False when the queue is full. */
    boolean offer(E element) {
        while (true) {
            long t = tail.get();
            int index = (int) t & mask;
            long sequence = sequences.get(index);
            if (sequence == t) {
                if (tail.compareAndSet(t, t + 1)) {
                    slots.lazySet(index, element);
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
    E poll() {
        int index = (int) head & mask;
        if (sequences.get(index) != head + 1) {
            return null;
        }
        E element = slots.get(index);
        slots.lazySet(index, null);
        sequences.lazySet(index, head + mask + 1);
        head++;
        consumed.lazySet(head);
        return element;
    }

    boolean isEmpty() {
        return sequences.get((int) head & mask) != head + 1;
    }
}
