package io.tickwire.agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@link MpscQueue}'s fields, a class per group so that the JVM lays them out in this order with
 * 64 bytes of padding between: the shared slots, the producers' counter, the consumer's.
 */
@SuppressWarnings("unused")
final class MpscQueueFields {
    private MpscQueueFields() {
    }

    static VarHandle handle(Class<?> owner, String field) {
        try {
            return MethodHandles.lookup().findVarHandle(owner, field, long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    abstract static class Shared<E> {
        final AtomicReferenceArray<E> slots;
        final AtomicLongArray sequences;
        final int mask;

        Shared(int capacity) {
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
    }

    abstract static class Pad1<E> extends Shared<E> {
        long p10;
        long p11;
        long p12;
        long p13;
        long p14;
        long p15;
        long p16;
        long p17;

        Pad1(int capacity) {
            super(capacity);
        }
    }

    abstract static class Producers<E> extends Pad1<E> {
        static final VarHandle TAIL = handle(Producers.class, "tail");
        /** The next position to claim, by compare-and-set (through {@link #TAIL}). */
        long tail;

        Producers(int capacity) {
            super(capacity);
        }
    }

    abstract static class Pad2<E> extends Producers<E> {
        long p20;
        long p21;
        long p22;
        long p23;
        long p24;
        long p25;
        long p26;
        long p27;

        Pad2(int capacity) {
            super(capacity);
        }
    }

    abstract static class Consumer<E> extends Pad2<E> {
        static final VarHandle CONSUMED = handle(Consumer.class, "consumed");
        /** The consumer's next position: its own. */
        long head;
        /** {@link #head} again, published with a release store for {@code size()} on other threads. */
        long consumed;
        long p30;
        long p31;
        long p32;
        long p33;
        long p34;
        long p35;
        long p36;
        long p37;

        Consumer(int capacity) {
            super(capacity);
        }
    }
}
