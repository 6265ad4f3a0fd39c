package io.tickwire.engine.book;

import io.tickwire.engine.market.Market;
import io.tickwire.protocol.book.BookChecksum;
import io.tickwire.protocol.message.Side;

/**
 * The order book of one market: bids and asks in price-time priority. It only keeps orders in
 * place; what matches what, and what it costs, is decided in {@code match}.
 */
public final class OrderBook {
    private final Market market;
    private final BookSide bids = new BookSide(Side.BUY);
    private final BookSide asks = new BookSide(Side.SELL);
    private final BookChecksum checksum = new BookChecksum();

    public OrderBook(Market market) {
        this.market = market;
    }

    public Market market() {
        return market;
    }

    public BookSide bids() {
        return bids;
    }

    public BookSide asks() {
        return asks;
    }

    public BookSide side(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    public BookSide opposite(Side side) {
        return side == Side.BUY ? asks : bids;
    }

    /** Puts an order at the back of its price level. */
    public void rest(RestingOrder order) {
        side(order.side).getOrCreate(order.price).append(order);
    }

    /** Takes an order out of its level, dropping the level when it empties. */
    public void unlink(RestingOrder order) {
        PriceLevel level = order.level;
        level.totalQty -= order.remaining();
        level.unlink(order);
        if (level.isEmpty()) {
            side(order.side).remove(level);
        }
    }

    /** Records a fill of a resting order against its level's total; removes it when filled. */
    public void filled(RestingOrder order, long fillQty) {
        PriceLevel level = order.level;
        level.totalQty -= fillQty;
        if (order.remaining() == 0) {
            level.unlink(order);
            if (level.isEmpty()) {
                side(order.side).remove(level);
            }
        }
    }

    /** Reduces a resting order's quantity in place, keeping its priority. */
    public void reduce(RestingOrder order, long newQty) {
        order.level.totalQty -= order.qty - newQty;
        order.qty = newQty;
    }

    /** Current total quantity at a price, 0 when there is no level. */
    public long quantityAt(Side side, long price) {
        PriceLevel level = side(side).find(price);
        return level == null ? 0 : level.totalQty;
    }

    /** The protocol checksum of the best 10 levels per side. */
    public long checksum() {
        checksum.reset();
        for (int i = 0; i < Math.min(BookChecksum.DEPTH, asks.depth()); i++) {
            PriceLevel level = asks.level(i);
            checksum.add(level.price, market.priceScale(), level.totalQty, market.qtyScale());
        }
        for (int i = 0; i < Math.min(BookChecksum.DEPTH, bids.depth()); i++) {
            PriceLevel level = bids.level(i);
            checksum.add(level.price, market.priceScale(), level.totalQty, market.qtyScale());
        }
        return checksum.value();
    }

    /** Whether the best bid is at or above the best ask (never true after a command). */
    public boolean isCrossed() {
        PriceLevel bid = bids.best();
        PriceLevel ask = asks.best();
        return bid != null && ask != null && bid.price >= ask.price;
    }
}
