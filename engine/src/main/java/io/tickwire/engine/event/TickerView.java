package io.tickwire.engine.event;

/**
 * A market's ticker (last price, best bid and ask, the 24 h window), as the engine reports it to its sink
 * ({@link EngineEventSink}): read it during the call, never keep it (the engine reuses the object).
 */
public interface TickerView {
    /** Whether the market ever traded; {@link #last} is meaningless otherwise. */
    boolean hasLast();

    /** Trades in the window; open, high and low are meaningless when it is 0. */
    long trades();

    long last();

    boolean hasBid();

    long bidPrice();

    long bidQty();

    boolean hasAsk();

    long askPrice();

    long askQty();

    long open();

    long high();

    long low();

    long volume();

    long quoteVolume();
}
