package io.tickwire.engine.book;

import io.tickwire.protocol.message.Side;
import java.util.Arrays;

/**
 * One side of a book: its price levels in a sorted array, worst first and best last, so that
 * the changes of a busy book (at and near the top) move few elements. Removed levels go to a
 * free list and are reused, so a steady flow of orders allocates nothing.
 */
public final class BookSide {
    private final Side side;
    /** -1 for asks, whose best is the lowest price; 1 for bids. */
    private final long sign;
    private PriceLevel[] levels = new PriceLevel[64];
    /**
     * The levels' prices times {@link #sign}, in step with {@link #levels}: ascending on both
     * sides, so the binary search reads only this array and compares without asking the side.
     */
    private long[] keys = new long[64];
    private int size;
    private PriceLevel[] pool = new PriceLevel[64];
    private int pooled;

    BookSide(Side side) {
        this.side = side;
        this.sign = side == Side.BUY ? 1 : -1;
    }

    public Side side() {
        return side;
    }

    /** Number of price levels. */
    public int depth() {
        return size;
    }

    /** The best level, or {@code null} when the side is empty. */
    public PriceLevel best() {
        return size == 0 ? null : levels[size - 1];
    }

    /** The {@code rank}-th best level, 0 being the best. */
    public PriceLevel level(int rank) {
        return levels[size - 1 - rank];
    }

    /** Whether {@code a} is a better price than {@code b} on this side. */
    public boolean better(long a, long b) {
        return side == Side.BUY ? a > b : a < b;
    }

    /** Index of the level at {@code price}, or {@code -(insertion point) - 1}. */
    private int search(long price) {
        if (size == 0) {
            return -1;
        }
        // Halving without an early exit, so each step is a conditional move rather than a branch
        // that a random price mispredicts half the time. Ends at the last key <= the target.
        long key = price * sign;
        long[] keys = this.keys;
        int low = 0;
        int n = size;
        while (n > 1) {
            int half = n >>> 1;
            low = keys[low + half] <= key ? low + half : low;
            n -= half;
        }
        long found = keys[low];
        if (found == key) {
            return low;
        }
        return found < key ? -(low + 2) : -(low + 1);
    }

    /** The level at {@code price}, or {@code null}. */
    public PriceLevel find(long price) {
        int index = search(price);
        return index >= 0 ? levels[index] : null;
    }

    PriceLevel getOrCreate(long price) {
        int index = search(price);
        if (index >= 0) {
            return levels[index];
        }
        int at = -index - 1;
        if (size == levels.length) {
            levels = Arrays.copyOf(levels, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        System.arraycopy(levels, at, levels, at + 1, size - at);
        System.arraycopy(keys, at, keys, at + 1, size - at);
        PriceLevel level = pooled > 0 ? pool[--pooled] : new PriceLevel();
        pool[pooled] = null;
        level.price = price;
        level.totalQty = 0;
        level.orderCount = 0;
        level.head = null;
        level.tail = null;
        level.inBook = true;
        levels[at] = level;
        keys[at] = price * sign;
        size++;
        return level;
    }

    void remove(PriceLevel level) {
        int index = level == best() ? size - 1 : search(level.price);
        System.arraycopy(levels, index + 1, levels, index, size - index - 1);
        System.arraycopy(keys, index + 1, keys, index, size - index - 1);
        levels[--size] = null;
        level.inBook = false;
        if (pooled == pool.length) {
            pool = Arrays.copyOf(pool, pooled * 2);
        }
        pool[pooled++] = level;
    }
}
