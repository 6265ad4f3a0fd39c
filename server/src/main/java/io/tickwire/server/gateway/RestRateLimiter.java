package io.tickwire.server.gateway;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * REST requests per second per client address: a token bucket for each address, shared by
 * every connection from it (so a client cannot dodge the limit by opening connections). Used
 * from all event loops. Idle addresses are forgotten when the table grows, so it stays bounded.
 */
final class RestRateLimiter {
    /** Above this many addresses, full (idle) buckets are dropped. */
    private static final int MAX_TRACKED = 10_000;

    private final int rate;
    private final ConcurrentHashMap<InetAddress, RateLimiter> buckets = new ConcurrentHashMap<>();

    RestRateLimiter(int ratePerSecond) {
        this.rate = ratePerSecond;
    }

    int rate() {
        return rate;
    }

    /** 0 when one more request from {@code address} is allowed now; else how long to wait, ms. */
    long acquire(InetAddress address, long nowNanos) {
        if (buckets.size() > MAX_TRACKED) {
            buckets.values().removeIf(b -> {
                synchronized (b) {
                    return b.isIdle(nowNanos);
                }
            });
        }
        RateLimiter bucket = buckets.computeIfAbsent(address, a -> new RateLimiter(rate, nowNanos));
        synchronized (bucket) { // connections from one address run on several event loops
            return bucket.tryAcquire(nowNanos) ? 0 : bucket.retryAfterMs();
        }
    }
}
