package io.tickwire.agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@link SpscQueue}'s fields, a class per group so that the JVM lays them out in this order
 * (superclass fields first) with 64 bytes of padding between: the shared read-only array, the
 * producer's counter and its cached view of the consumer's, then the consumer's counter.
 */
@SuppressWarnings("unused")
final class SpscQueueFields {
    private SpscQueueFields() {
    }

    static VarHandle handle(Class<?> owner, String field) {
        try {
            return MethodHandles.lookup().findVarHandle(owner, field, long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    abstract static class Shared {
        final Object[] buffer;
        final int mask;

        Shared(int capacity) {
            if (Integer.bitCount(capacity) != 1) {
                throw new IllegalArgumentException("capacity must be a power of two");
            }
            this.buffer = new Object[capacity];
            this.mask = capacity - 1;
        }
    }

    abstract static class Pad1 extends Shared {
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

    abstract static class Producer extends Pad1 {
        static final VarHandle TAIL = handle(Producer.class, "tail");
        /** Written by the producer only (through {@link #TAIL}). */
        long tail;
        /** The producer's cached view of head, to avoid reading the consumer's counter on every offer. */
        long headCache;

        Producer(int capacity) {
            super(capacity);
        }
    }

    abstract static class Pad2 extends Producer {
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

    abstract static class Consumer extends Pad2 {
        static final VarHandle HEAD = handle(Consumer.class, "head");
        /** Written by the consumer only (through {@link #HEAD}). */
        long head;
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
