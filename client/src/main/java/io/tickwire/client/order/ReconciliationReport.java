package io.tickwire.client.order;

import io.tickwire.protocol.message.Order;
import java.util.Objects;
import java.util.Optional;

/**
 * What reconciliation learned from the server about a command whose outcome was unknown.
 *
 * @param clientOrderId the order looked up (for a command by {@code order_id}: null)
 * @param order         the order as the server has it, or {@code null} when it has none
 * @param attempts      lookups it took
 */
public record ReconciliationReport(String clientOrderId, Order order, int attempts) {
    public ReconciliationReport {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
    }

    /** The server's order, if it has one: the command (or the order it targets) is known. */
    public Optional<Order> found() {
        return Optional.ofNullable(order);
    }

    @Override
    public String toString() {
        return "ReconciliationReport[" + (order == null ? "absent" : Objects.toString(order))
                + ", attempts=" + attempts + "]";
    }
}
