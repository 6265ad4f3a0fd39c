package io.tickwire.server.core;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.MarketRegistry;

/**
 * Where a node's gateway sends commands, and what it knows of the venue: the local
 * {@link TradingCore} on a core or a single node; on a gateway node, the core reached over NATS.
 * Any thread; nothing here blocks.
 */
public interface OrderEntry {

    /**
     * Queues a command for the sequencer; never blocks.
     *
     * @return false when it cannot be taken now (queue full, closing, the core out of reach): tell
     *         the client to retry
     */
    boolean submit(Command command);

    /**
     * Whether this node takes orders at all: false on a gateway node that does not forward them,
     * which then answers {@code forbidden} rather than "busy, retry".
     */
    default boolean takesOrders() {
        return true;
    }

    /** The venue's assets and markets. */
    MarketRegistry markets();

    /** Whether commands can reach a running sequencer now. */
    boolean isRunning();
}
