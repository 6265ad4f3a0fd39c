package io.tickwire.relay.node;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.server.core.OrderEntry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a relay's gateway knows of its source: it takes no orders (they are answered with
 * {@code forbidden}), its markets are its upstream's (none for a captured feed), and it runs
 * while its upstream is connected.
 */
final class RelayEntry implements OrderEntry {
    private final UpstreamStatus upstream;
    private volatile MarketRegistry markets;

    RelayEntry(UpstreamStatus upstream, MarketRegistry markets) {
        this.upstream = upstream;
        this.markets = markets;
    }

    void markets(MarketRegistry value) {
        markets = value;
    }

    @Override
    public CompletionStage<Enqueued> enqueue(Command command) {
        return CompletableFuture.completedFuture(Enqueued.REFUSED); // never called: takesOrders() is false
    }

    @Override
    public boolean takesOrders() {
        return false;
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
