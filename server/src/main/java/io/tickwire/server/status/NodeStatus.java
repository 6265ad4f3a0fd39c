package io.tickwire.server.status;

import io.tickwire.engine.market.MarketRegistry;

/**
 * What a node reports about itself through its front door: its kind, its venue's markets, and
 * how it stands with the source of its batches, for {@code /health}, {@code /events/_status} and
 * the operator's status. Each kind of node gives its own; orders go elsewhere
 * ({@link io.tickwire.server.core.OrderEntry}). Any thread; nothing here blocks.
 */
public interface NodeStatus {

    /**
     * What kind of node this is, as an operator's status shows it: {@code core} (a single node or a
     * core, with the sequencer), {@code gateway} (a gateway node fed by JetStream), {@code relay}.
     */
    String role();

    /** The venue's assets and markets (a relay's: its upstream's, none for a captured feed). */
    MarketRegistry markets();

    /** Whether the node's source runs: the sequencer on a core, the feed and the core on a gateway node. */
    boolean isRunning();

    /** How many times this node reconnected to its source of batches (0 on a core: it is the source). */
    default long reconnects() {
        return 0;
    }

    /**
     * When this node last received something from its source, ms since the Unix epoch; 0 where the
     * hub's last published batch says it (a core, a gateway node). A relay says when its upstream
     * last sent a frame, heartbeats included.
     */
    default long lastReceivedAt() {
        return 0;
    }

    /** Batches the source has that this node has not received yet (0 on a core). */
    default long lagBatches() {
        return 0;
    }
}
