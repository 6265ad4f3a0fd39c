package io.tickwire.engine.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * One market's trades of the last 24 h in one-minute buckets, a ring indexed by the minute: the
 * window at time t holds the 1,440 minutes up to and including t's. A bucket leaves the window
 * 24 h after its minute began.
 */
final class TickerWindow {
    static final int MINUTES = 1440;
    static final long MINUTE_MS = 60_000L;

    private final long[] minute = new long[MINUTES];
    private final long[] open = new long[MINUTES];
    private final long[] high = new long[MINUTES];
    private final long[] low = new long[MINUTES];
    private final long[] volume = new long[MINUTES];
    private final long[] quoteVolume = new long[MINUTES];
    private final long[] trades = new long[MINUTES];

    private boolean hasLast;
    private long last;

    TickerWindow() {
        Arrays.fill(minute, -1);
    }

    void trade(long ts, long price, long base, long quote) {
        long m = Math.floorDiv(ts, MINUTE_MS);
        int i = Math.floorMod(m, MINUTES);
        if (minute[i] != m) {
            minute[i] = m;
            open[i] = price;
            high[i] = price;
            low[i] = price;
            volume[i] = 0;
            quoteVolume[i] = 0;
            trades[i] = 0;
        }
        high[i] = Math.max(high[i], price);
        low[i] = Math.min(low[i], price);
        volume[i] += base;
        quoteVolume[i] += quote;
        trades[i]++;
        hasLast = true;
        last = price;
    }

    /** Fills the 24 h fields of {@code out} for time {@code ts}. */
    void aggregate(long ts, TickerValues out) {
        long now = Math.floorDiv(ts, MINUTE_MS);
        long oldest = Long.MAX_VALUE;
        out.hasLast = hasLast;
        out.last = last;
        out.trades = 0;
        out.volume = 0;
        out.quoteVolume = 0;
        out.high = Long.MIN_VALUE;
        out.low = Long.MAX_VALUE;
        out.open = 0;
        for (int i = 0; i < MINUTES; i++) {
            long m = minute[i];
            if (m < 0 || m <= now - MINUTES || m > now) {
                continue;
            }
            out.trades += trades[i];
            out.volume += volume[i];
            out.quoteVolume += quoteVolume[i];
            out.high = Math.max(out.high, high[i]);
            out.low = Math.min(out.low, low[i]);
            if (m < oldest) {
                oldest = m;
                out.open = open[i];
            }
        }
    }

    /** When the oldest bucket in the window at {@code ts} leaves it; {@link Long#MAX_VALUE} if none. */
    long nextExpiry(long ts) {
        long now = Math.floorDiv(ts, MINUTE_MS);
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < MINUTES; i++) {
            long m = minute[i];
            if (m > now - MINUTES && m <= now && m < oldest) {
                oldest = m;
            }
        }
        return oldest == Long.MAX_VALUE ? Long.MAX_VALUE : (oldest + MINUTES) * MINUTE_MS;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(hasLast);
        out.writeLong(last);
        int used = 0;
        for (long m : minute) {
            used += m >= 0 ? 1 : 0;
        }
        out.writeInt(used);
        for (int i = 0; i < MINUTES; i++) {
            if (minute[i] >= 0) {
                out.writeLong(minute[i]);
                out.writeLong(open[i]);
                out.writeLong(high[i]);
                out.writeLong(low[i]);
                out.writeLong(volume[i]);
                out.writeLong(quoteVolume[i]);
                out.writeLong(trades[i]);
            }
        }
    }

    void readFrom(DataInput in) throws IOException {
        hasLast = in.readBoolean();
        last = in.readLong();
        int used = in.readInt();
        if (used < 0 || used > MINUTES) {
            throw new IOException("ticker window of " + used + " minutes");
        }
        for (int n = 0; n < used; n++) {
            long m = in.readLong();
            if (m < 0) {
                throw new IOException("ticker bucket at a negative minute");
            }
            int i = (int) (m % MINUTES);
            minute[i] = m;
            open[i] = in.readLong();
            high[i] = in.readLong();
            low[i] = in.readLong();
            volume[i] = in.readLong();
            quoteVolume[i] = in.readLong();
            trades[i] = in.readLong();
        }
    }
}
