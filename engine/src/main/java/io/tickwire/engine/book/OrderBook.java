package io.tickwire.engine.book;

import io.tickwire.engine.market.Market;
import io.tickwire.protocol.book.BookChecksum;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Side;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.LongFunction;
import java.util.zip.CRC32;

/**
 * The order book of one market: bids and asks in price-time priority. It only keeps orders in
 * place; what matches what, and what it costs, is decided in {@code match}.
 */
public final class OrderBook {
    private final Market market;
    private final BookSide bids = new BookSide(Side.BUY);
    private final BookSide asks = new BookSide(Side.SELL);
    /** The checksum input of the top levels, assembled so the CRC runs once over it. */
    private final byte[] input = new byte[2 * BookChecksum.DEPTH * (BookChecksum.MAX_LEVEL_BYTES + 1)];
    private final CRC32 crc = new CRC32();
    private int inputLength;
    private final char[] scratch = new char[Decimal.FORMATTED_MAX_LENGTH];
    private long cachedChecksum;
    private boolean checksumStale = true;

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

    /**
     * Notes a change at {@code price}, before it is made. Only a change among a side's best
     * {@value BookChecksum#DEPTH} levels moves the checksum; most amends and cancels in a deep
     * book happen further down, and for those the cached checksum stays valid.
     */
    private void changing(BookSide side, long price) {
        if (!checksumStale && (side.depth() < BookChecksum.DEPTH
                || !side.better(side.level(BookChecksum.DEPTH - 1).price, price))) {
            checksumStale = true;
        }
    }

    /** Puts an order at the back of its price level. */
    public void rest(RestingOrder order) {
        BookSide side = side(order.side);
        changing(side, order.price);
        side.getOrCreate(order.price).append(order);
    }

    /** Takes an order out of its level, dropping the level when it empties. */
    public void unlink(RestingOrder order) {
        changing(side(order.side), order.price);
        PriceLevel level = order.level;
        level.totalQty -= order.remaining();
        level.unlink(order);
        if (level.isEmpty()) {
            side(order.side).remove(level);
        }
    }

    /** Records a fill of a resting order against its level's total; removes it when filled. */
    public void filled(RestingOrder order, long fillQty) {
        changing(side(order.side), order.price);
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
        changing(side(order.side), order.price);
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
        if (!checksumStale) {
            return cachedChecksum;
        }
        inputLength = 0;
        for (int i = 0; i < Math.min(BookChecksum.DEPTH, asks.depth()); i++) {
            addLevel(asks.level(i));
        }
        for (int i = 0; i < Math.min(BookChecksum.DEPTH, bids.depth()); i++) {
            addLevel(bids.level(i));
        }
        crc.reset();
        crc.update(input, 0, inputLength);
        cachedChecksum = crc.getValue();
        checksumStale = false;
        return cachedChecksum;
    }

    /** Most top levels keep their quantity from one command to the next: format only the changed ones. */
    private void addLevel(PriceLevel level) {
        if (level.encodedPrice != level.price) {
            int n = BookChecksum.encodeDecimal(level.price, market.priceScale(), scratch, level.encoded, 0);
            level.encoded[n] = ':';
            level.encodedPriceLength = n + 1;
            level.encodedPrice = level.price;
            level.encodedQty = -1;
        }
        if (level.encodedQty != level.totalQty) {
            level.encodedLength = level.encodedPriceLength + BookChecksum.encodeDecimal(level.totalQty,
                    market.qtyScale(), scratch, level.encoded, level.encodedPriceLength);
            level.encodedQty = level.totalQty;
        }
        if (inputLength > 0) {
            input[inputLength++] = '|';
        }
        System.arraycopy(level.encoded, 0, input, inputLength, level.encodedLength);
        inputLength += level.encodedLength;
    }

    /** Writes, per side and level (best first), the ids of the resting orders in time priority. */
    public void writeQueues(DataOutput out) throws IOException {
        for (BookSide side : new BookSide[] {bids, asks}) {
            out.writeInt(side.depth());
            for (int i = 0; i < side.depth(); i++) {
                PriceLevel level = side.level(i);
                out.writeInt(level.orderCount);
                for (RestingOrder o = level.head; o != null; o = o.next) {
                    out.writeLong(o.orderId);
                }
            }
        }
    }

    /** Rests orders again in the time priority {@link #writeQueues} recorded. */
    public void readQueues(DataInput in, LongFunction<RestingOrder> orders)
            throws IOException {
        for (int s = 0; s < 2; s++) {
            int depth = in.readInt();
            for (int i = 0; i < depth; i++) {
                int count = in.readInt();
                for (int k = 0; k < count; k++) {
                    long id = in.readLong();
                    RestingOrder order = orders.apply(id);
                    if (order == null) {
                        throw new IOException("snapshot rests unknown order " + id);
                    }
                    rest(order);
                }
            }
        }
    }

    /** Whether the best bid is at or above the best ask (never true after a command). */
    public boolean isCrossed() {
        PriceLevel bid = bids.best();
        PriceLevel ask = asks.best();
        return bid != null && ask != null && bid.price >= ask.price;
    }
}
