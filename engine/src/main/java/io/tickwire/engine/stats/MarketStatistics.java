package io.tickwire.engine.stats;

import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.book.PriceLevel;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.message.CandleInterval;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Every market's ticker and candles, changed by the engine's trades and book changes and
 * reported at the end of each command, within their rate bounds: a ticker at most once a
 * {@link #TICKER_EVERY_MS}, a candle update at most once a {@link #CANDLE_EVERY_MS} per interval,
 * and one {@code closed} report per candle. What the bounds held back, and candles whose interval
 * ended, are reported by the first command at or after {@link #nextDue()}: the core submits a
 * {@code Tick} then. Everything runs by the engine's clock, so a replay reports the same.
 */
public final class MarketStatistics {
    /** The shortest time between two ticker reports of a market. */
    public static final long TICKER_EVERY_MS = 1_000;
    /** The shortest time between two reports of one market's open candle of one interval. */
    public static final long CANDLE_EVERY_MS = 250;

    private static final long NEVER = Long.MIN_VALUE / 2;

    private final Market[] markets;
    private final MarketState[] states;
    private final int[] changed;
    private int changedCount;
    private long nextDue = Long.MAX_VALUE;
    private final TickerValues ticker = new TickerValues();

    /** One market's statistics and what was last reported of them. */
    private static final class MarketState {
        final TickerWindow window = new TickerWindow();
        final CandleSeries[] series = new CandleSeries[CandleInterval.values().length];
        boolean changed;
        boolean tickerPending;
        long tickerReported = NEVER;
        long expiresAt = Long.MAX_VALUE;
        long bidPrice;
        long bidQty;
        long askPrice;
        long askQty;

        MarketState() {
            for (CandleInterval interval : CandleInterval.values()) {
                series[interval.ordinal()] = new CandleSeries(interval);
            }
        }
    }

    public MarketStatistics(MarketRegistry registry) {
        this.markets = registry.markets().toArray(new Market[0]);
        this.states = new MarketState[markets.length];
        for (int i = 0; i < states.length; i++) {
            states[i] = new MarketState();
        }
        this.changed = new int[markets.length];
    }

    /**
     * A trade at engine time {@code ts}.
     *
     * @param base  its quantity in base asset units
     * @param quote its value in quote asset units
     */
    public void trade(Market market, long ts, long price, long base, long quote) {
        MarketState state = states[market.id()];
        state.window.trade(ts, price, base, quote);
        for (CandleSeries series : state.series) {
            series.trade(ts, price, base, quote);
        }
        state.tickerPending = true;
        markChanged(market.id());
    }

    /**
     * The market's book changed; if its best prices did, the ticker reports them. A ticker already
     * held back by its rate bound reports the book as it is then: nothing to note until then.
     */
    public void bookChanged(Market market) {
        if (!states[market.id()].tickerPending) {
            markChanged(market.id());
        }
    }

    private void markChanged(int id) {
        if (!states[id].changed) {
            states[id].changed = true;
            changed[changedCount++] = id;
        }
    }

    /** The earliest engine time at which a command would report something held back; MAX_VALUE if none. */
    public long nextDue() {
        return nextDue;
    }

    /** Reports what is due at {@code ts}: called at the end of every command. */
    public void report(long ts, OrderBook[] books, EngineEventSink sink) {
        if (changedCount == 0 && ts < nextDue) {
            return;
        }
        if (ts >= nextDue) {
            for (int id = 0; id < markets.length; id++) {
                report(id, ts, books[id], sink);
            }
            nextDue = earliestDue();
        } else {
            // Nothing was due: what the other markets hold back is as it was, and a changed market's
            // earlier dues are all still ahead, so only the changed markets can bring the next due closer.
            for (int i = 0; i < changedCount; i++) {
                report(changed[i], ts, books[changed[i]], sink);
                nextDue = Math.min(nextDue, due(states[changed[i]]));
            }
        }
        for (int i = 0; i < changedCount; i++) {
            states[changed[i]].changed = false;
        }
        changedCount = 0;
    }

    private void report(int id, long ts, OrderBook book, EngineEventSink sink) {
        MarketState state = states[id];
        Market market = markets[id];
        for (CandleSeries series : state.series) {
            if (series.isOpen() && ts >= series.closesAt()) {
                series.close();
            }
            if (series.closeToReport) {
                series.closeToReport = false;
                sink.candle(market, series.interval, series.lastClosed(), true);
            }
            if (series.pending && ts - series.lastReported >= CANDLE_EVERY_MS) {
                series.pending = false;
                series.lastReported = ts;
                sink.candle(market, series.interval, series.open(), false);
            }
        }
        PriceLevel bid = book.bids().best();
        PriceLevel ask = book.asks().best();
        boolean topMoved = price(bid) != state.bidPrice || qty(bid) != state.bidQty || price(ask) != state.askPrice
                || qty(ask) != state.askQty;
        if (!(state.tickerPending || topMoved || ts >= state.expiresAt)) {
            return;
        }
        if (ts - state.tickerReported < TICKER_EVERY_MS) {
            state.tickerPending = true;
            return;
        }
        state.tickerPending = false;
        state.tickerReported = ts;
        state.expiresAt = state.window.nextExpiry(ts);
        fill(state, book, ts, ticker);
        state.bidPrice = ticker.bidPrice;
        state.bidQty = ticker.bidQty;
        state.askPrice = ticker.askPrice;
        state.askQty = ticker.askQty;
        sink.ticker(market, ticker);
    }

    private static long price(PriceLevel level) {
        return level == null ? 0 : level.price();
    }

    private static long qty(PriceLevel level) {
        return level == null ? 0 : level.totalQty();
    }

    private static void fill(MarketState state, OrderBook book, long ts, TickerValues out) {
        state.window.aggregate(ts, out);
        PriceLevel bid = book.bids().best();
        PriceLevel ask = book.asks().best();
        out.hasBid = bid != null;
        out.bidPrice = bid == null ? 0 : bid.price();
        out.bidQty = bid == null ? 0 : bid.totalQty();
        out.hasAsk = ask != null;
        out.askPrice = ask == null ? 0 : ask.price();
        out.askQty = ask == null ? 0 : ask.totalQty();
    }

    private long earliestDue() {
        long earliest = Long.MAX_VALUE;
        for (MarketState state : states) {
            earliest = Math.min(earliest, due(state));
        }
        return earliest;
    }

    /** When the market next has something to report without a new change. */
    private static long due(MarketState state) {
        long due = state.tickerPending ? state.tickerReported + TICKER_EVERY_MS : state.expiresAt;
        for (CandleSeries series : state.series) {
            if (series.pending) {
                due = Math.min(due, series.lastReported + CANDLE_EVERY_MS);
            }
            if (series.isOpen()) {
                due = Math.min(due, series.closesAt());
            }
        }
        return due;
    }

    /** The market's ticker at {@code ts} as it would be reported now (a new object: any thread may keep it). */
    public TickerValues ticker(Market market, long ts, OrderBook book) {
        TickerValues values = new TickerValues();
        fill(states[market.id()], book, ts, values);
        return values;
    }

    /** Receives candles oldest first; the open one, if any, last. */
    @FunctionalInterface
    public interface CandleConsumer {
        /** The values are a view: copy them. */
        void candle(CandleValues candle, boolean closed);
    }

    /** The kept candles of a market and interval, closed ones oldest first, then the open one. */
    public void candles(Market market, CandleInterval interval, CandleConsumer consumer) {
        CandleSeries series = states[market.id()].series[interval.ordinal()];
        for (int i = 0; i < series.closedCount(); i++) {
            consumer.candle(series.closed(i), true);
        }
        if (series.isOpen()) {
            consumer.candle(series.open(), false);
        }
    }

    /** Canonical bytes of every market's statistics; call between commands. */
    public void writeTo(DataOutput out) throws IOException {
        for (MarketState state : states) {
            state.window.writeTo(out);
            out.writeBoolean(state.tickerPending);
            out.writeLong(state.tickerReported);
            out.writeLong(state.expiresAt);
            out.writeLong(state.bidPrice);
            out.writeLong(state.bidQty);
            out.writeLong(state.askPrice);
            out.writeLong(state.askQty);
            for (CandleSeries series : state.series) {
                series.writeTo(out);
            }
        }
    }

    /** Reads what {@link #writeTo} wrote, for the same markets. */
    public void readFrom(DataInput in) throws IOException {
        for (MarketState state : states) {
            state.window.readFrom(in);
            state.tickerPending = in.readBoolean();
            state.tickerReported = in.readLong();
            state.expiresAt = in.readLong();
            state.bidPrice = in.readLong();
            state.bidQty = in.readLong();
            state.askPrice = in.readLong();
            state.askQty = in.readLong();
            for (CandleSeries series : state.series) {
                series.readFrom(in);
            }
        }
        nextDue = earliestDue();
    }
}
