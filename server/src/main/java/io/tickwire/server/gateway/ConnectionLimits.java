package io.tickwire.server.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts connections in total and per authenticated user, against the configured limits. */
final class ConnectionLimits {
    private final int maxTotal;
    private final int maxPerUser;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<Long, AtomicInteger> perUser = new ConcurrentHashMap<>();

    ConnectionLimits(int maxTotal, int maxPerUser) {
        this.maxTotal = maxTotal;
        this.maxPerUser = maxPerUser;
    }

    boolean tryOpen() {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        return true;
    }

    void closed() {
        total.decrementAndGet();
    }

    boolean tryUser(long userId) {
        AtomicInteger count = perUser.computeIfAbsent(userId, k -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerUser) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    void userClosed(long userId) {
        AtomicInteger count = perUser.get(userId);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    int open() {
        return total.get();
    }
}
