package io.tickwire.engine.stats;

import io.tickwire.engine.event.CandleView;

/**
 * One candle as the engine reports it: prices at the market's price scale, {@code volume} in base
 * asset units, {@code quoteVolume} in quote asset units. A view, reused: copy what you keep.
 */
public final class CandleValues implements CandleView {
    long openTime;
    long open;
    long high;
    long low;
    long close;
    long volume;
    long quoteVolume;
    long trades;

    @Override
    public long openTime() {
        return openTime;
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
    public long close() {
        return close;
    }

    @Override
    public long volume() {
        return volume;
    }

    @Override
    public long quoteVolume() {
        return quoteVolume;
    }

    @Override
    public long trades() {
        return trades;
    }

    void start(long openTime, long price) {
        this.openTime = openTime;
        open = price;
        high = price;
        low = price;
        close = price;
        volume = 0;
        quoteVolume = 0;
        trades = 0;
    }

    void add(long price, long base, long quote) {
        high = Math.max(high, price);
        low = Math.min(low, price);
        close = price;
        volume += base;
        quoteVolume += quote;
        trades++;
    }

    void copyFrom(CandleValues other) {
        openTime = other.openTime;
        open = other.open;
        high = other.high;
        low = other.low;
        close = other.close;
        volume = other.volume;
        quoteVolume = other.quoteVolume;
        trades = other.trades;
    }
}
