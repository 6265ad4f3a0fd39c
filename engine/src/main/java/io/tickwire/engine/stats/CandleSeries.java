package io.tickwire.engine.stats;

import io.tickwire.protocol.message.CandleInterval;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One market's candles of one interval: the open candle, if a trade opened one, and the last
 * {@link #HISTORY} closed candles, oldest first.
 */
final class CandleSeries {
    /** Closed candles kept per market and interval: what the REST candles call can serve. */
    static final int HISTORY = 1000;

    final CandleInterval interval;
    private final CandleValues open = new CandleValues();
    private boolean isOpen;
    private final CandleValues[] history = new CandleValues[HISTORY];
    private int head;
    private int size;

    /** A closed candle whose {@code closed:true} event is still to be reported. */
    boolean closeToReport;
    /** A change of the open candle not yet reported (the rate bound held it back). */
    boolean pending;
    long lastReported = Long.MIN_VALUE / 2;

    CandleSeries(CandleInterval interval) {
        this.interval = interval;
    }

    /** The ring's slot at {@code head}, made when first filled: a market that never trades holds none. */
    private CandleValues headSlot() {
        if (history[head] == null) {
            history[head] = new CandleValues();
        }
        return history[head];
    }

    boolean isOpen() {
        return isOpen;
    }

    CandleValues open() {
        return open;
    }

    /** The candle closed last. */
    CandleValues lastClosed() {
        return history[Math.floorMod(head - 1, HISTORY)];
    }

    int closedCount() {
        return size;
    }

    /** Closed candle {@code index}, 0 the oldest kept. */
    CandleValues closed(int index) {
        return history[Math.floorMod(head - size + index, HISTORY)];
    }

    /** The close of the open candle's interval: the first ms after it. */
    long closesAt() {
        return open.openTime + interval.millis();
    }

    void trade(long ts, long price, long base, long quote) {
        long openTime = interval.openTime(ts);
        if (isOpen && open.openTime != openTime) {
            close();
        }
        if (!isOpen) {
            open.start(openTime, price);
            isOpen = true;
        }
        open.add(price, base, quote);
        pending = true;
    }

    /** Files the open candle as closed; its {@code closed:true} event is due. */
    void close() {
        headSlot().copyFrom(open);
        head = (head + 1) % HISTORY;
        size = Math.min(size + 1, HISTORY);
        isOpen = false;
        pending = false;
        closeToReport = true;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(isOpen);
        if (isOpen) {
            write(open, out);
        }
        out.writeBoolean(pending);
        out.writeLong(lastReported);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            write(closed(i), out);
        }
    }

    void readFrom(DataInput in) throws IOException {
        isOpen = in.readBoolean();
        if (isOpen) {
            read(open, in);
        }
        pending = in.readBoolean();
        lastReported = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > HISTORY) {
            throw new IOException(count + " closed candles of " + interval.wire());
        }
        head = 0;
        size = 0;
        for (int i = 0; i < count; i++) {
            read(headSlot(), in);
            head = (head + 1) % HISTORY;
            size++;
        }
    }

    private static void write(CandleValues c, DataOutput out) throws IOException {
        out.writeLong(c.openTime);
        out.writeLong(c.open);
        out.writeLong(c.high);
        out.writeLong(c.low);
        out.writeLong(c.close);
        out.writeLong(c.volume);
        out.writeLong(c.quoteVolume);
        out.writeLong(c.trades);
    }

    private static void read(CandleValues c, DataInput in) throws IOException {
        c.openTime = in.readLong();
        c.open = in.readLong();
        c.high = in.readLong();
        c.low = in.readLong();
        c.close = in.readLong();
        c.volume = in.readLong();
        c.quoteVolume = in.readLong();
        c.trades = in.readLong();
    }
}
