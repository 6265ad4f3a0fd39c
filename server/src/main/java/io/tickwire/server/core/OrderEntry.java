package io.tickwire.server.core;

import io.tickwire.engine.command.Command;
import java.util.concurrent.CompletionStage;

/**
 * Where a node's front door sends the commands its clients make: the local {@link TradingCore}
 * on a core or a single node; on a gateway node, the core reached over NATS. A node that takes no
 * orders (a relay) has none. Any thread; nothing here blocks.
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
     * Whether this entry takes the admin commands that move money (deposits, withdrawals): a core
     * does, with an admin token it verifies itself; a gateway node does not, since the core takes
     * no such command over NATS ({@code docs/cluster.md}), and answers {@code forbidden}.
     */
    default boolean takesAdminCommands() {
        return true;
    }

    /**
     * The first request id of this node's commands. Request ids route receipts back to the node
     * and connection that sent the command, so nodes that send commands to one core must not share
     * them: a core counts from its start time in microseconds, a gateway node from a random block.
     */
    default long requestIdBase() {
        return System.currentTimeMillis() * 1000;
    }
}
