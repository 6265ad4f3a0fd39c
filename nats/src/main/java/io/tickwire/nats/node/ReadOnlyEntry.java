package io.tickwire.nats.node;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.nats.feed.JetStreamFeed;
import io.tickwire.server.core.OrderEntry;

/**
 * A gateway node's side of order entry while it does not forward orders: it knows the venue's
 * markets (from the core's state) and whether it is fed, and refuses every command, so the
 * gateway answers {@code forbidden} with where orders go.
 */
final class ReadOnlyEntry implements OrderEntry {
    private final MarketRegistry markets;
    private final JetStreamFeed feed;

    ReadOnlyEntry(MarketRegistry markets, JetStreamFeed feed) {
        this.markets = markets;
        this.feed = feed;
    }

    @Override
    public boolean takesOrders() {
        return false;
    }

    @Override
    public boolean submit(Command command) {
        return false;
    }

    @Override
    public MarketRegistry markets() {
        return markets;
    }

    @Override
    public boolean isRunning() {
        return feed.connected();
    }
}
