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
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    RestRateLimiter(int ratePerSecond) {
        this.rate = ratePerSecond;
    }

    int rate() {
        return rate;
    }

    /** Whether one more request from {@code address} is allowed now. */
    boolean tryAcquire(InetAddress address, long nowNanos) {
        if (buckets.size() > MAX_TRACKED) {
            buckets.values().removeIf(b -> b.isFull(nowNanos));
        }
        return buckets.computeIfAbsent(address, a -> new Bucket(rate, nowNanos)).tryAcquire(nowNanos);
    }

    private static final class Bucket {
        private final double rate;
        private double tokens;
        private long last;

        Bucket(double rate, long nowNanos) {
            this.rate = rate;
            this.tokens = rate;
            this.last = nowNanos;
        }

        synchronized boolean tryAcquire(long nowNanos) {
            refill(nowNanos);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull(long nowNanos) {
            refill(nowNanos);
            return tokens >= rate;
        }

        private void refill(long nowNanos) {
            tokens = Math.min(rate, tokens + (nowNanos - last) * rate / 1e9);
            last = nowNanos;
        }
    }
}
