package io.tickwire.server.frontdoor;

import io.tickwire.codec.JsonCodec;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.core.OrderEntry;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.metrics.ServerMetrics;
import io.tickwire.server.status.NodeStatus;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection's handlers share: the services they call and the gateway-wide counters.
 * All of it is safe to use from any event loop.
 *
 * @param config     the limits
 * @param codec      the wire codec
 * @param tokens     verifies tokens
 * @param hub        subscriptions, receipts and durable state for reads
 * @param orders     where commands go; null on a node that takes none (a relay)
 * @param status     what the node reports about itself
 * @param metrics    the server's meters
 * @param requestIds the source of request ids, unique per server run
 * @param limits     connection counts against their limits
 * @param outboxes   each event loop's fan-out
 */
record FrontDoorContext(FrontDoorConfig config, JsonCodec codec, TokenService tokens, Hub hub, OrderEntry orders,
                      NodeStatus status, ServerMetrics metrics, AtomicLong requestIds, ConnectionLimits limits,
                      LoopOutboxes outboxes) {

    /** Whether this node takes orders: a relay has no {@link #orders}, and answers them {@code forbidden}. */
    boolean takesOrders() {
        return orders != null;
    }
}
