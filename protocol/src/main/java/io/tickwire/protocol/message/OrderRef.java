package io.tickwire.protocol.message;

import java.util.Objects;

/**
 * Names an existing order of the caller: by the server's {@code order_id} or by the caller's {@code client_order_id}.
 */
public sealed interface OrderRef {

    /** By server-assigned id. */
    record ById(long orderId) implements OrderRef {
        public ById {
            if (orderId < 0) {
                throw new IllegalArgumentException("order_id must be >= 0, was " + orderId);
            }
        }
    }

    /** By the caller's own id, unique per user. */
    record ByClientId(String clientOrderId) implements OrderRef {
        public ByClientId {
            ClientOrderIds.require(clientOrderId);
        }
    }

    static OrderRef byId(long orderId) {
        return new ById(orderId);
    }

    static OrderRef byClientId(String clientOrderId) {
        return new ByClientId(Objects.requireNonNull(clientOrderId, "clientOrderId"));
    }
}
