package io.tickwire.engine.stats;

/**
 * A market's ticker as the engine reports it: prices and quantities at the market's scales,
 * volumes in base and quote asset units. A view, reused: copy what you keep.
 */
public final class TickerValues {
    boolean hasLast;
    long last;
    boolean hasBid;
    long bidPrice;
    long bidQty;
    boolean hasAsk;
    long askPrice;
    long askQty;
    long trades;
    long open;
    long high;
    long low;
    long volume;
    long quoteVolume;

    /** Whether the market ever traded; {@link #last} is meaningless otherwise. */
    public boolean hasLast() {
        return hasLast;
    }

    public long last() {
        return last;
    }

    public boolean hasBid() {
        return hasBid;
    }

    public long bidPrice() {
        return bidPrice;
    }

    public long bidQty() {
        return bidQty;
    }

    public boolean hasAsk() {
        return hasAsk;
    }

    public long askPrice() {
        return askPrice;
    }

    public long askQty() {
        return askQty;
    }

    /** Trades in the window; open, high and low are meaningless when it is 0. */
    public long trades() {
        return trades;
    }

    public long open() {
        return open;
    }

    public long high() {
        return high;
    }

    public long low() {
        return low;
    }

    public long volume() {
        return volume;
    }

    public long quoteVolume() {
        return quoteVolume;
    }
}
