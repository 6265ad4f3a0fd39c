package io.tickwire.server.frontdoor;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * REST requests per second per client address: a token bucket for each address, shared by
 * every connection from it (so a client cannot dodge the limit by opening connections). Used
 * from all event loops.
 *
 * <p>The table stays bounded without costing a request a scan of it: past {@link #MAX_TRACKED}
 * addresses, idle buckets are swept at most once per {@link #SWEEP_INTERVAL_NANOS} (by whichever
 * request finds the sweep due); and past {@link #HARD_LIMIT}, when that many addresses are all
 * busy at once (a spray of IPv6 addresses, say), a new address shares one overflow bucket with
 * every other new one until sweeps make room.
 */
final class RestRateLimiter {
    /** Above this many addresses, idle buckets are swept. */
    static final int MAX_TRACKED = 10_000;
    /** Above this many, new addresses share the overflow bucket. */
    static final int HARD_LIMIT = 4 * MAX_TRACKED;
    /** At most one sweep this often. */
    static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final int rate;
    private final ConcurrentHashMap<InetAddress, RateLimiter> buckets = new ConcurrentHashMap<>();
    private final RateLimiter overflow;
    private final AtomicLong nextSweep;

    RestRateLimiter(int ratePerSecond) {
        this(ratePerSecond, System.nanoTime());
    }

    RestRateLimiter(int ratePerSecond, long nowNanos) {
        this.rate = ratePerSecond;
        this.overflow = new RateLimiter(ratePerSecond, nowNanos);
        this.nextSweep = new AtomicLong(nowNanos);
    }

    int rate() {
        return rate;
    }

    /** 0 when one more request from {@code address} is allowed now; else how long to wait, ms. */
    long acquire(InetAddress address, long nowNanos) {
        if (buckets.size() > MAX_TRACKED) {
            long due = nextSweep.get();
            if (nowNanos - due >= 0 && nextSweep.compareAndSet(due, nowNanos + SWEEP_INTERVAL_NANOS)) {
                buckets.values().removeIf(b -> {
                    synchronized (b) {
                        return b.isIdle(nowNanos);
                    }
                });
            }
        }
        RateLimiter bucket = buckets.get(address);
        if (bucket == null) {
            bucket = buckets.size() >= HARD_LIMIT ? overflow
                    : buckets.computeIfAbsent(address, a -> new RateLimiter(rate, nowNanos));
        }
        synchronized (bucket) { // connections from one address run on several event loops
            return bucket.tryAcquire(nowNanos) ? 0 : bucket.retryAfterMs();
        }
    }
}
