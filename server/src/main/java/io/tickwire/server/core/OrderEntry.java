package io.tickwire.server.core;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.MarketRegistry;
import java.util.concurrent.CompletionStage;

/**
 * Where a node's gateway sends commands, and what it knows of the venue: the local
 * {@link TradingCore} on a core or a single node; on a gateway node, the core reached over NATS.
 * Any thread; nothing here blocks.
 */
public interface OrderEntry {

    /** What became of a command handed to {@link #enqueue}. */
    enum Enqueued {
        /** Queued for the sequencer: its receipt will follow once its batch is durable. */
        QUEUED,
        /** Not queued (queue full, closing, the core not there): the client may retry. */
        REFUSED,
        /** Sent, and not confirmed in time: it may or may not have been queued; its receipt may still come. */
        UNKNOWN
    }

    /**
     * Hands a command to the sequencer; never blocks. Completes at once on a core; on a gateway
     * node when the core answers, or with {@link Enqueued#UNKNOWN} after a timeout.
     */
    CompletionStage<Enqueued> enqueue(Command command);

    /**
     * Whether this node takes orders at all: false on a gateway node that does not forward them,
     * which then answers {@code forbidden} rather than "busy, retry".
     */
    default boolean takesOrders() {
        return true;
    }

    /**
     * Whether this node takes the admin commands that move money (deposits, withdrawals): a core
     * does, with an admin token it verifies itself; a gateway node does not, since the core takes
     * no such command over NATS ({@code docs/cluster.md}), and answers {@code forbidden}.
     */
    default boolean takesAdminCommands() {
        return takesOrders();
    }

    /**
     * The first request id of this node's commands. Request ids route receipts back to the node
     * and connection that sent the command, so nodes that send commands to one core must not share
     * them: a core counts from its start time in microseconds, a gateway node from a random block.
     */
    default long requestIdBase() {
        return System.currentTimeMillis() * 1000;
    }

    /**
     * What kind of node this is, as an operator's status shows it: {@code core} (a single node or a
     * core, with the sequencer), {@code gateway} (a gateway node fed by JetStream), {@code relay}.
     */
    default String role() {
        return "core";
    }

    /** The venue's assets and markets. */
    MarketRegistry markets();

    /** Whether commands can reach a running sequencer now (on a gateway node: and its feed is connected). */
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
