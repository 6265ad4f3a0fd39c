package io.tickwire.protocol.message;

/**
 * The interval of a candle topic ({@code candles.<MARKET>.<INTERVAL>}, protocol 1.1). Candles are
 * aligned to the Unix epoch: a 1h candle opens on the hour, a 1d candle at 00:00 UTC.
 */
public enum CandleInterval implements WireEnum {
    /** One minute. */
    M1("1m", 60_000L),
    /** Five minutes. */
    M5("5m", 300_000L),
    /** Fifteen minutes. */
    M15("15m", 900_000L),
    /** One hour. */
    H1("1h", 3_600_000L),
    /** Four hours. */
    H4("4h", 14_400_000L),
    /** One day. */
    D1("1d", 86_400_000L);

    private final String wire;
    private final long millis;

    CandleInterval(String wire, long millis) {
        this.wire = wire;
        this.millis = millis;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The interval's length. */
    public long millis() {
        return millis;
    }

    /** The open time of the candle holding {@code ts}. */
    public long openTime(long ts) {
        return Math.floorDiv(ts, millis) * millis;
    }

    /** The constant named by {@code text} ({@code 1m}, {@code 4h}, ...); {@code null} when there is none. */
    public static CandleInterval fromWire(String text) {
        for (CandleInterval interval : values()) {
            if (interval.wire.equals(text)) {
                return interval;
            }
        }
        return null;
    }
}
