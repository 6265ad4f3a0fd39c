package io.tickwire.client;

import io.tickwire.agent.Backoff;
import java.time.Duration;
import java.util.Random;

/**
 * How long to wait before each reconnection attempt: an exponential cap,
 * {@code min(initial x multiplier^attempt, max)}, and, with {@link #fullJitter()}, a uniformly
 * random wait in {@code [0, cap]} so that thousands of clients cut at the same moment do not
 * come back at the same moment. Immutable; the random source can be seeded for tests. The logic
 * is the one {@link Backoff} of every Tickwire reconnect loop (the relay's and the NATS nodes'
 * too); this is the SDK's name for it.
 *
 * <pre>{@code
 * ReconnectPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(30)).fullJitter()
 * }</pre>
 */
public final class ReconnectPolicy {
    private final Backoff backoff;

    private ReconnectPolicy(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * Doubling from {@code initial} up to {@code max}, without jitter (add {@link #fullJitter()}).
     *
     * @throws IllegalArgumentException unless {@code 0 < initial <= max}
     */
    public static ReconnectPolicy exponential(Duration initial, Duration max) {
        return new ReconnectPolicy(Backoff.exponential(initial, max));
    }

    /** The same policy growing by {@code factor} per attempt (at least 1). */
    public ReconnectPolicy multiplier(double factor) {
        return new ReconnectPolicy(backoff.multiplier(factor));
    }

    /** The same policy with full jitter: each wait uniform in {@code [0, cap]}. */
    public ReconnectPolicy fullJitter() {
        return new ReconnectPolicy(backoff.fullJitter());
    }

    /** The same policy drawing from {@code random} (seed it for reproducible tests). */
    public ReconnectPolicy random(Random random) {
        return new ReconnectPolicy(backoff.random(random));
    }

    /**
     * The cap for attempt {@code attempt} (0 for the first retry): {@code min(initial x
     * multiplier^attempt, max)}, computed without overflow for any attempt count.
     */
    public Duration cap(int attempt) {
        return backoff.cap(attempt);
    }

    /** The wait before attempt {@code attempt}: the cap, or with jitter a uniform draw in {@code [0, cap]}. */
    public Duration delay(int attempt) {
        return backoff.delay(attempt);
    }

    @Override
    public String toString() {
        return "ReconnectPolicy[" + backoff + "]";
    }
}
