package io.tickwire.engine.match;

import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.event.BookChanges;
import io.tickwire.protocol.message.Side;
import java.util.Arrays;

/**
 * The price levels one command touched on one book, each once, so the command yields one
 * {@code book.delta} with each level's net new quantity. Reused from command to command.
 */
final class TouchedLevels implements BookChanges {
    private Side[] sides = new Side[16];
    private long[] prices = new long[16];
    private long[] quantities = new long[16];
    private int size;
    private OrderBook book;

    void reset() {
        size = 0;
        book = null;
    }

    void touch(OrderBook book, Side side, long price) {
        this.book = book;
        for (int i = size - 1; i >= 0; i--) {
            if (prices[i] == price && sides[i] == side) {
                return;
            }
        }
        if (size == prices.length) {
            sides = Arrays.copyOf(sides, size * 2);
            prices = Arrays.copyOf(prices, size * 2);
            quantities = Arrays.copyOf(quantities, size * 2);
        }
        sides[size] = side;
        prices[size] = price;
        size++;
    }

    /** Reads each touched level's final quantity from the book; returns the book, or null if none. */
    OrderBook settle() {
        for (int i = 0; i < size; i++) {
            quantities[i] = book.quantityAt(sides[i], prices[i]);
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
