package io.tickwire.relay.node;

import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.relay.upstream.UpstreamStatus;
import io.tickwire.server.status.NodeStatus;

/**
 * What a relay reports through its front door: its markets are its upstream's (none for a
 * captured feed), and it runs while its upstream is connected. A relay takes no orders: its front
 * door has no order entry, and answers them {@code forbidden}.
 */
final class RelayStatus implements NodeStatus {
    private final UpstreamStatus upstream;
    private volatile MarketRegistry markets;

    RelayStatus(UpstreamStatus upstream, MarketRegistry markets) {
        this.upstream = upstream;
        this.markets = markets;
    }

    /** The upstream's markets, once a follower has them. */
    void markets(MarketRegistry value) {
        markets = value;
    }

    @Override
    public MarketRegistry markets() {
        return markets;
    }

    @Override
    public String role() {
        return "relay";
    }

    @Override
    public boolean isRunning() {
        return upstream.isConnected();
    }

    @Override
    public long reconnects() {
        return upstream.reconnects();
    }

    @Override
    public long lastReceivedAt() {
        return upstream.lastMessageAt();
    }
}
