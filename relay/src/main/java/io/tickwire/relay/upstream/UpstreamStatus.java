package io.tickwire.relay.upstream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The upstream connection as {@code /events/_status} and the metrics report it: written by the
 * relay's upstream thread, read by any thread.
 */
public final class UpstreamStatus {
    private volatile boolean connected;
    /** Why the relay stopped taking from its upstream for good, or {@code null}. */
    private volatile String failure;
    private volatile long lastMessageAt;
    private final AtomicLong reconnects = new AtomicLong();

    /** The connection is up ({@code true}) or lost. */
    public void connected(boolean value) {
        connected = value;
    }

    /** Something arrived from the upstream at {@code millis}, heartbeats included. */
    public void received(long millis) {
        lastMessageAt = millis;
    }

    /** The relay connected again after losing the connection. */
    public void reconnected() {
        reconnects.incrementAndGet();
    }

    /** Whether the upstream connection is up and what arrives is being journaled. */
    public boolean isConnected() {
        return connected && failure == null;
    }

    /** The relay can no longer journal what arrives ({@code reason}): it reports itself disconnected. */
    public void failed(String reason) {
        failure = reason;
    }

    /** Why the relay stopped taking from its upstream, or {@code null} while it takes. */
    public String failure() {
        return failure;
    }

    /** Ms since the Unix epoch; 0 before the first. */
    public long lastMessageAt() {
        return lastMessageAt;
    }

    public long reconnects() {
        return reconnects.get();
    }
}
