package io.tickwire.agent;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * What a runner does between units of work: told the count of each, it returns at once after
 * work and waits after none. Every wait here parks, so that {@link AgentRunner#wake()} cuts it
 * short; none spins, because this machine's two cores are shared with the event loops.
 */
@FunctionalInterface
public interface IdleStrategy {

    /** After a unit of work that did {@code workCount}: waits when it is 0 or less. */
    void idle(int workCount);

    /** Parks for {@code max} after no work, less when woken: the wait of every loop that a producer wakes. */
    static IdleStrategy parking(Duration max) {
        long nanos = max.toNanos();
        return workCount -> {
            if (workCount <= 0) {
                LockSupport.parkNanos(nanos);
            }
        };
    }

    /**
     * Parks after no work for as long as {@code nanos} says when asked (the time to the next due
     * deadline, what is left of a reconnect's backoff), not at all when it says 0 or less: for a
     * loop whose wait depends on its own state. On the agent's thread, so it may read that state.
     */
    static IdleStrategy parking(LongSupplier nanos) {
        return workCount -> {
            if (workCount <= 0) {
                long wait = nanos.getAsLong();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        };
    }

    /**
     * Parks after no work, for {@code min} first and twice as long after each idle round, up to
     * {@code max}; any work starts it again from {@code min}. For a loop that polls what nobody
     * wakes it for: quick to notice work that follows work, cheap when nothing comes.
     */
    static IdleStrategy backoff(Duration min, Duration max) {
        return new BackingOff(min.toNanos(), max.toNanos());
    }

    /** Never waits: for an agent whose {@link Agent#doWork()} blocks, with a bound, on what it waits for. */
    static IdleStrategy none() {
        return workCount -> {
        };
    }

    /** {@link #backoff}'s state: the runner's own thread only. */
    final class BackingOff implements IdleStrategy {
        private final long minNanos;
        private final long maxNanos;
        private long nanos;

        BackingOff(long minNanos, long maxNanos) {
            if (minNanos <= 0 || maxNanos < minNanos) {
                throw new IllegalArgumentException("need 0 < min <= max");
            }
            this.minNanos = minNanos;
            this.maxNanos = maxNanos;
            this.nanos = minNanos;
        }

        @Override
        public void idle(int workCount) {
            if (workCount > 0) {
                nanos = minNanos;
                return;
            }
            LockSupport.parkNanos(nanos);
            nanos = Math.min(maxNanos, nanos * 2);
        }
    }
}
