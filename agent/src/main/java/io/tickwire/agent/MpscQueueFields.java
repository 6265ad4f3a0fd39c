package io.tickwire.agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@link MpscQueue}'s fields, a class per group so that the JVM lays them out in this order with
 * 64 bytes of padding between: the shared slots, the consumer's counter as the producers last read
 * it, the producers' counter, the consumer's.
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

    abstract static class Shared {
        /** Release and volatile access to the slots' elements. */
        static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
        final Object[] buffer;
        final int mask;

        Shared(int capacity) {
            if (capacity < 2 || Integer.bitCount(capacity) != 1) {
                throw new IllegalArgumentException("capacity must be a power of two >= 2");
            }
            buffer = new Object[capacity];
            mask = capacity - 1;
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

    abstract static class Producers extends Pad1 {
        static final VarHandle TAIL = handle(Producers.class, "tail");
        static final VarHandle HEAD_CACHE = handle(Producers.class, "headCache");
        /** The next position to claim, by compare-and-set (through {@link #TAIL}). */
        long tail;
        /** The consumer's head as a producer last read it: most offers need not read the consumer's line. */
        long headCache;

        Producers(int capacity) {
            super(capacity);
        }
    }

    abstract static class Pad2 extends Producers {
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
        /** The consumer's next position; written by the consumer only (through {@link #HEAD}). */
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
