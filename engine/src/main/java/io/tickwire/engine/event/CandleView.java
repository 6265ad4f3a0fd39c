package io.tickwire.engine.event;

/**
 * One candle of a market (open time, OHLC, volumes, trades), as the engine reports it to its sink
 * ({@link EngineEventSink}): read it during the call, never keep it (the engine reuses the object).
 */
public interface CandleView {
    long openTime();

    long open();

    long high();

    long low();

    long close();

    long volume();

    long quoteVolume();

    long trades();
}
