package io.tickwire.server.frontdoor;

/**
 * A token bucket: {@code rate} messages per second, bursts up to {@code rate}. Not thread-safe:
 * a WebSocket connection uses its own on its event loop; {@link RestRateLimiter} locks each one.
 */
final class RateLimiter {
    private final double rate;
    private double tokens;
    private long last;

    RateLimiter(int ratePerSecond, long nowNanos) {
        this.rate = ratePerSecond;
        this.tokens = ratePerSecond;
        this.last = nowNanos;
    }

    /** Whether one more message is allowed now. */
    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(rate, tokens + (nowNanos - last) * rate / 1e9);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * After a refusal: how long until the next message would be allowed, ms (at least 1); what a
     * {@code rate_limited} answer tells the client as {@code retry_after_ms}.
     */
    long retryAfterMs() {
        return Math.max(1, (long) Math.ceil(Math.max(0, 1 - tokens) * 1000 / rate));
    }

    /** Whether the bucket is full again: its owner has been quiet long enough to be forgotten. */
    boolean isIdle(long nowNanos) {
        return Math.min(rate, tokens + (nowNanos - last) * rate / 1e9) >= rate;
    }
}
