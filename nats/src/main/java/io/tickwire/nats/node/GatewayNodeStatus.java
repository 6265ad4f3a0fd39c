package io.tickwire.nats.node;

import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.nats.feed.JetStreamFeed;
import io.tickwire.server.status.NodeStatus;

/**
 * What a gateway node reports through its front door: the core's markets as of its start, and
 * how it stands with the core: running while both its feed of batches and its connection for
 * orders are up.
 */
record GatewayNodeStatus(MarketRegistry markets, JetStreamFeed feed, ForwardingEntry orders) implements NodeStatus {

    @Override
    public String role() {
        return "gateway";
    }

    @Override
    public boolean isRunning() {
        return feed.connected() && orders.connected();
    }

    @Override
    public long reconnects() {
        return feed.reconnects();
    }

    @Override
    public long lagBatches() {
        return feed.lag();
    }
}
