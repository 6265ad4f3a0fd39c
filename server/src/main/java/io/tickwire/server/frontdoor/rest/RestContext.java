package io.tickwire.server.frontdoor.rest;

import io.tickwire.codec.JsonCodec;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.core.OrderEntry;
import io.tickwire.server.status.NodeStatus;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.metrics.ServerMetrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the REST API reads and commands through: the durable state (the hub), where commands go,
 * what the node reports about itself, the tokens that authorize them, and the request ids it
 * shares with the WebSocket side.
 *
 * @param orders     where commands go; null on a node that takes none (a relay)
 * @param status     what the node reports about itself
 * @param requestIds the gateway's request ids: a REST command's receipt is routed like a WebSocket one
 */
public record RestContext(JsonCodec codec, TokenService tokens, Hub hub, OrderEntry orders, NodeStatus status,
                          ServerMetrics metrics, AtomicLong requestIds) {

    /** Whether this node takes orders. */
    public boolean takesOrders() {
        return orders != null;
    }
}
