package io.tickwire.protocol.message;

import io.tickwire.protocol.decimal.Decimal;
import java.util.Objects;

/**
 * The state of one order, as carried by {@code order.update} and in the open orders of
 * {@code account.snapshot}.
 *
 * @param clientOrderId the caller's id, or {@code null}
 * @param price         the limit price, or {@code null} for a market order
 * @param avgPrice      average fill price, or {@code null} while nothing is filled
 * @param updatedAt     engine time of the last change, ms since the epoch
 * @param cancelReason  why a CANCELED order was canceled (protocol 1.1); {@code null} otherwise, or
 *                      from a server of version 1
 */
public record Order(long orderId, String clientOrderId, String symbol, Side side, OrderType orderType,
                    TimeInForce tif, Decimal price, Decimal qty, OrderStatus status, Decimal filledQty,
                    Decimal avgPrice, long updatedAt, CancelReason cancelReason) {
    public Order {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(orderType, "orderType");
        Objects.requireNonNull(tif, "tif");
        Objects.requireNonNull(qty, "qty");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(filledQty, "filledQty");
    }

    /** An order without a cancel reason: any status but CANCELED, or one from a version 1 server. */
    public Order(long orderId, String clientOrderId, String symbol, Side side, OrderType orderType, TimeInForce tif,
                 Decimal price, Decimal qty, OrderStatus status, Decimal filledQty, Decimal avgPrice, long updatedAt) {
        this(orderId, clientOrderId, symbol, side, orderType, tif, price, qty, status, filledQty, avgPrice, updatedAt,
                null);
    }

    /** Whether the order can still trade. */
    public boolean isOpen() {
        return status.isOpen();
    }
}
