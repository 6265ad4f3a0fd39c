package io.tickwire.client.order;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.time.Instant;
import java.util.Objects;

/**
 * An order to place, immutable. Start from {@link #limit} or {@link #market} and adjust with the
 * {@code with} methods:
 *
 * <pre>{@code
 * PlaceOrder order = PlaceOrder.limit("BTC-USDT", Side.BUY, "85000.00", "0.001")
 *         .withTif(TimeInForce.POST_ONLY)
 *         .withClientOrderId("hedge-42");
 * }</pre>
 *
 * Prices and quantities are decimal strings exactly as the protocol carries them (never a
 * {@code double}); a malformed one is refused here, with the reason.
 *
 * @param price         the limit price, or {@code null} for a market order
 * @param clientOrderId the caller's id; {@code null} lets the client generate one
 * @param deadline      the latest time the venue may execute it, or {@code null}: past it the order is
 *                      rejected ({@code deadline_exceeded}) and changes nothing (protocol 1.1)
 */
public record PlaceOrder(String market, Side side, OrderType orderType, TimeInForce tif, Decimal price,
                         Decimal qty, String clientOrderId, Instant deadline) {

    public PlaceOrder {
        // The wire message's own rules, checked now in the caller's thread rather than at send.
        new ClientMessage.OrderPlace(null, market, side, orderType, tif, price, qty, clientOrderId,
                deadline == null ? null : deadline.toEpochMilli());
    }

    /** A good-till-cancelled limit order. */
    public static PlaceOrder limit(String market, Side side, String price, String qty) {
        return new PlaceOrder(market, side, OrderType.LIMIT, TimeInForce.GTC, decimal("price", price),
                decimal("qty", qty), null, null);
    }

    /** A market order (immediate-or-cancel against the book). */
    public static PlaceOrder market(String market, Side side, String qty) {
        return new PlaceOrder(market, side, OrderType.MARKET, TimeInForce.IOC, null, decimal("qty", qty), null,
                null);
    }

    /** The same order with time in force {@code tif}. */
    public PlaceOrder withTif(TimeInForce tif) {
        return new PlaceOrder(market, side, orderType, tif, price, qty, clientOrderId, deadline);
    }

    /** The same order with the caller's {@code client_order_id}. */
    public PlaceOrder withClientOrderId(String clientOrderId) {
        return new PlaceOrder(market, side, orderType, tif, price, qty, clientOrderId, deadline);
    }

    /**
     * The same order with a deadline: a venue that receives it later (a slow network, a queue)
     * rejects it with {@code deadline_exceeded} rather than execute a stale intent.
     */
    public PlaceOrder withDeadline(Instant deadline) {
        return new PlaceOrder(market, side, orderType, tif, price, qty, clientOrderId, deadline);
    }

    static Decimal decimal(String field, String text) {
        Objects.requireNonNull(text, field);
        try {
            return Decimal.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " \"" + text + "\" is not a decimal: " + e.getMessage(), e);
        }
    }
}
