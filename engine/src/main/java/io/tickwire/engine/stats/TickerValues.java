package io.tickwire.engine.stats;

import io.tickwire.engine.event.TickerView;

/**
 * A market's ticker as the engine reports it: prices and quantities at the market's scales,
 * volumes in base and quote asset units. A view, reused: copy what you keep.
 */
public final class TickerValues implements TickerView {
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
    @Override
    public boolean hasLast() {
        return hasLast;
    }

    @Override
    public long last() {
        return last;
    }

    @Override
    public boolean hasBid() {
        return hasBid;
    }

    @Override
    public long bidPrice() {
        return bidPrice;
    }

    @Override
    public long bidQty() {
        return bidQty;
    }

    @Override
    public boolean hasAsk() {
        return hasAsk;
    }

    @Override
    public long askPrice() {
        return askPrice;
    }

    @Override
    public long askQty() {
        return askQty;
    }

    /** Trades in the window; open, high and low are meaningless when it is 0. */
    @Override
    public long trades() {
        return trades;
    }

    @Override
    public long open() {
        return open;
    }

    @Override
    public long high() {
        return high;
    }

    @Override
    public long low() {
        return low;
    }

    @Override
    public long volume() {
        return volume;
    }

    @Override
    public long quoteVolume() {
        return quoteVolume;
    }
}
