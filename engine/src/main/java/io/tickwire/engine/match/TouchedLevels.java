package io.tickwire.engine.match;

import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.book.PriceLevel;
import io.tickwire.engine.event.BookChanges;
import io.tickwire.protocol.message.Side;
import java.util.Arrays;

/**
 * The price levels one command touched on one book, each once, so the command yields one
 * {@code book.delta} with each level's net new quantity. Reused from command to command.
 *
 * <p>Each entry keeps the level object it was touched through, so that settling reads the
 * final quantity from it instead of searching the book again; a level that was emptied in the
 * meantime is no longer {@linkplain PriceLevel#inBook() in the book} and is looked up instead.
 */
final class TouchedLevels implements BookChanges {
    private Side[] sides = new Side[16];
    private long[] prices = new long[16];
    private long[] quantities = new long[16];
    private PriceLevel[] levels = new PriceLevel[16];
    private int size;
    private OrderBook book;

    void reset() {
        size = 0;
        book = null;
    }

    /** Notes {@code level}, a level of {@code book} on {@code side} that is in the book now. */
    void touch(OrderBook book, Side side, PriceLevel level) {
        this.book = book;
        long price = level.price();
        for (int i = size - 1; i >= 0; i--) {
            if (prices[i] == price && sides[i] == side) {
                levels[i] = level;
                return;
            }
        }
        if (size == prices.length) {
            sides = Arrays.copyOf(sides, size * 2);
            prices = Arrays.copyOf(prices, size * 2);
            quantities = Arrays.copyOf(quantities, size * 2);
            levels = Arrays.copyOf(levels, size * 2);
        }
        sides[size] = side;
        prices[size] = price;
        levels[size] = level;
        size++;
    }

    /** Reads each touched level's final quantity; returns the book, or null if none. */
    OrderBook settle() {
        for (int i = 0; i < size; i++) {
            PriceLevel level = levels[i];
            quantities[i] = level.inBook() && level.price() == prices[i]
                    ? level.totalQty()
                    : book.quantityAt(sides[i], prices[i]);
        }
        return size == 0 ? null : book;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Side side(int index) {
        return sides[index];
    }

    @Override
    public long price(int index) {
        return prices[index];
    }

    @Override
    public long qty(int index) {
        return quantities[index];
    }
}
