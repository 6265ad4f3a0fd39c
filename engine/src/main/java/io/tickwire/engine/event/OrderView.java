package io.tickwire.engine.event;

import io.tickwire.engine.market.Market;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;

/**
 * A read-only look at an order's current state, valid only during the {@link EngineEventSink}
 * callback that hands it out: the engine reuses and mutates the object afterwards.
 */
public interface OrderView {
    long orderId();

    long userId();

    /** The caller's id, or {@code null}. */
    String clientOrderId();

    Market market();

    Side side();

    OrderType type();

    TimeInForce tif();

    /** Limit price at the market's price scale; 0 for a market order. */
    long price();

    /** Ordered quantity at the market's qty scale. */
    long qty();

    long filledQty();

    /** Sum of price x qty over the fills, at priceScale + qtyScale. */
    long filledNotional();

    OrderStatus status();

    /** Engine time of the last change, ms. */
    long updatedAt();

    /** Why a CANCELED order was canceled; {@code null} otherwise. */
    CancelReason cancelReason();

    /** Average fill price at the market's price scale, rounded down to the tick; 0 when unfilled. */
    default long avgPrice() {
        return filledQty() == 0 ? 0 : filledNotional() / filledQty();
    }
}
