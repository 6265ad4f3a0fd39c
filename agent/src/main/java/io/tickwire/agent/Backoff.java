package io.tickwire.agent;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * How long to wait before each retry of every reconnect loop (the SDK's {@code ReconnectPolicy}
 * is this, and so are the NATS and relay loops): an exponential cap,
 * {@code min(initial x multiplier^attempt, max)}, and, with {@link #fullJitter()}, a uniformly
 * random wait in {@code [0, cap]} so that thousands of clients (or nodes) cut at the same moment
 * do not come back at the same moment. Immutable; the random source can be seeded for tests.
 * A loop counts its attempts in an {@link Attempts}.
 */
public final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final double multiplier;
    private final boolean jitter;
    private final Random random;

    private Backoff(long initialNanos, long maxNanos, double multiplier, boolean jitter, Random random) {
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.random = random;
    }

    /**
     * Doubling from {@code initial} up to {@code max}, without jitter (add {@link #fullJitter()}).
     *
     * @throws IllegalArgumentException unless {@code 0 < initial <= max}
     */
    public static Backoff exponential(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got initial " + initial + " and max " + max);
        }
        return new Backoff(initial.toNanos(), max.toNanos(), 2.0, false, new Random());
    }

    /** The same backoff growing by {@code factor} per attempt (at least 1). */
    public Backoff multiplier(double factor) {
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1, was " + factor);
        }
        return new Backoff(initialNanos, maxNanos, factor, jitter, random);
    }

    /** The same backoff with full jitter: each wait uniform in {@code [0, cap]}. */
    public Backoff fullJitter() {
        return new Backoff(initialNanos, maxNanos, multiplier, true, random);
    }

    /** The same backoff drawing from {@code random} (seed it for reproducible tests). */
    public Backoff random(Random random) {
        return new Backoff(initialNanos, maxNanos, multiplier, jitter, Objects.requireNonNull(random, "random"));
    }

    public Duration initial() {
        return Duration.ofNanos(initialNanos);
    }

    public Duration max() {
        return Duration.ofNanos(maxNanos);
    }

    public double multiplierValue() {
        return multiplier;
    }

    public boolean isJittered() {
        return jitter;
    }

    /**
     * The cap for attempt {@code attempt} (0 for the first retry): {@code min(initial x
     * multiplier^attempt, max)}, computed without overflow for any attempt count.
     */
    public Duration cap(int attempt) {
        return Duration.ofNanos(capNanos(attempt));
    }

    /** The wait before attempt {@code attempt}: the cap, or with jitter a uniform draw in {@code [0, cap]}. */
    public Duration delay(int attempt) {
        return Duration.ofNanos(delayNanos(attempt));
    }

    /** {@link #delay} in nanoseconds. */
    public long delayNanos(int attempt) {
        long cap = capNanos(attempt);
        if (!jitter) {
            return cap;
        }
        synchronized (random) {
            return cap == Long.MAX_VALUE ? random.nextLong(cap) : random.nextLong(cap + 1);
        }
    }

    /** A fresh count of attempts on this backoff, for one loop's thread. */
    public Attempts attempts() {
        return new Attempts(this);
    }

    @Override
    public String toString() {
        return "initial=" + Duration.ofNanos(initialNanos) + ", max=" + Duration.ofNanos(maxNanos)
                + ", multiplier=" + multiplier + (jitter ? ", full jitter" : "");
    }

    private long capNanos(int attempt) {
        if (attempt <= 0) {
            return initialNanos;
        }
        // In double, which saturates to infinity instead of wrapping: any attempt count or
        // multiplier that would overflow a long simply lands on max.
        double nanos = initialNanos * Math.pow(multiplier, attempt);
        if (!(nanos < maxNanos)) {
            return maxNanos;
        }
        return Math.max(initialNanos, Math.round(nanos));
    }

    /**
     * One loop's failures in a row on a {@link Backoff}: {@link #nextDelayNanos()} after each,
     * {@link #reset()} once a connection has proved itself. Not thread-safe: the loop's own.
     */
    public static final class Attempts {
        private final Backoff backoff;
        private int failures;

        private Attempts(Backoff backoff) {
            this.backoff = backoff;
        }

        /** The wait before the next try, counting one more failure. */
        public long nextDelayNanos() {
            long delay = backoff.delayNanos(failures);
            if (failures < Integer.MAX_VALUE) {
                failures++;
            }
            return delay;
        }

        /** Failures since the last {@link #reset()}. */
        public int failures() {
            return failures;
        }

        /** The next wait starts again from the first step. */
        public void reset() {
            failures = 0;
        }
    }
}
