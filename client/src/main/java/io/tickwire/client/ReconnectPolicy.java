package io.tickwire.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * How long to wait before each reconnection attempt: an exponential cap,
 * {@code min(initial x multiplier^attempt, max)}, and, with {@link #fullJitter()}, a uniformly
 * random wait in {@code [0, cap]} so that thousands of clients cut at the same moment do not
 * come back at the same moment. Immutable; the random source can be seeded for tests.
 *
 * <pre>{@code
 * ReconnectPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(30)).fullJitter()
 * }</pre>
 */
public final class ReconnectPolicy {
    private final long initialNanos;
    private final long maxNanos;
    private final double multiplier;
    private final boolean jitter;
    private final Random random;

    private ReconnectPolicy(long initialNanos, long maxNanos, double multiplier, boolean jitter, Random random) {
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
    public static ReconnectPolicy exponential(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got initial " + initial + " and max " + max);
        }
        return new ReconnectPolicy(initial.toNanos(), max.toNanos(), 2.0, false, new Random());
    }

    /** The same policy growing by {@code factor} per attempt (at least 1). */
    public ReconnectPolicy multiplier(double factor) {
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1, was " + factor);
        }
        return new ReconnectPolicy(initialNanos, maxNanos, factor, jitter, random);
    }

    /** The same policy with full jitter: each wait uniform in {@code [0, cap]}. */
    public ReconnectPolicy fullJitter() {
        return new ReconnectPolicy(initialNanos, maxNanos, multiplier, true, random);
    }

    /** The same policy drawing from {@code random} (seed it for reproducible tests). */
    public ReconnectPolicy random(Random random) {
        return new ReconnectPolicy(initialNanos, maxNanos, multiplier, jitter, Objects.requireNonNull(random,
                "random"));
    }

    /**
     * The cap for attempt {@code attempt} (0 for the first retry): {@code min(initial x
     * multiplier^attempt, max)}, computed without overflow for any attempt count.
     */
    public Duration cap(int attempt) {
        return Duration.ofNanos(capNanos(attempt));
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

    /** The wait before attempt {@code attempt}: the cap, or with jitter a uniform draw in {@code [0, cap]}. */
    public Duration delay(int attempt) {
        long cap = capNanos(attempt);
        if (!jitter) {
            return Duration.ofNanos(cap);
        }
        synchronized (random) {
            return Duration.ofNanos(cap == Long.MAX_VALUE ? random.nextLong(cap) : random.nextLong(cap + 1));
        }
    }

    @Override
    public String toString() {
        return "ReconnectPolicy[initial=" + Duration.ofNanos(initialNanos) + ", max=" + Duration.ofNanos(maxNanos)
                + ", multiplier=" + multiplier + (jitter ? ", full jitter" : "") + "]";
    }
}
