package io.tickwire.client.order;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.OrderRef;
import java.time.Instant;

/**
 * A change to an open order, immutable: a new price, a new quantity, or both. Start from
 * {@link #price} or {@link #qty} and add the other with the {@code with} methods:
 *
 * <pre>{@code
 * AmendOrder amend = AmendOrder.price(OrderRef.byClientId("hedge-42"), "85010.00").withQty("0.002");
 * }</pre>
 *
 * Prices and quantities are decimal strings exactly as the protocol carries them; a malformed
 * one is refused here, with the reason.
 *
 * @param order the order, by the server's order id or by its client order id
 * @param price the new limit price, or {@code null} to keep it
 * @param qty   the new quantity, or {@code null} to keep it
 * @param deadline the latest time the venue may apply it, or {@code null} (protocol 1.1)
 */
public record AmendOrder(OrderRef order, Decimal price, Decimal qty, Instant deadline) {

    public AmendOrder {
        // The wire message's own rules (an order, and at least one change), checked now in the caller's thread.
        new ClientMessage.OrderAmend(null, order, price, qty, deadline == null ? null : deadline.toEpochMilli());
    }

    /** A new limit price for {@code order}. */
    public static AmendOrder price(OrderRef order, String price) {
        return new AmendOrder(order, PlaceOrder.decimal("price", price), null, null);
    }

    /** A new quantity for {@code order}. */
    public static AmendOrder qty(OrderRef order, String qty) {
        return new AmendOrder(order, null, PlaceOrder.decimal("qty", qty), null);
    }

    /** The same change with a new limit price too. */
    public AmendOrder withPrice(String price) {
        return new AmendOrder(order, PlaceOrder.decimal("price", price), qty, deadline);
    }

    /** The same change with a new quantity too. */
    public AmendOrder withQty(String qty) {
        return new AmendOrder(order, price, PlaceOrder.decimal("qty", qty), deadline);
    }

    /** The same change with a deadline: applied later than it, it is rejected ({@code deadline_exceeded}). */
    public AmendOrder withDeadline(Instant deadline) {
        return new AmendOrder(order, price, qty, deadline);
    }
}
