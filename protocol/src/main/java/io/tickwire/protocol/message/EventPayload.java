package io.tickwire.protocol.message;

import io.tickwire.protocol.decimal.Decimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The {@code data} of a {@link StreamEvent}. A {@code switch} over this type is checked by the
 * compiler; {@link UnknownEvent} carries event types newer than this version, so that a client
 * still advances its cursor over them.
 */
public sealed interface EventPayload permits EventPayload.BookSnapshot, EventPayload.BookDelta,
        EventPayload.BookInvalidated, EventPayload.MarketTrade, EventPayload.AccountSnapshot,
        EventPayload.OrderUpdate, EventPayload.Trade, EventPayload.BalanceUpdate, EventPayload.FeedMessage,
        EventPayload.FeedGap, EventPayload.FeedRejected, EventPayload.Ticker, EventPayload.Candle,
        EventPayload.UnknownEvent {

    /** The wire {@code type} of the enclosing message. */
    String type();

    /**
     * {@code book.snapshot}: bids best (highest) first, asks best (lowest) first.
     *
     * @param checksum see {@link io.tickwire.protocol.book.BookChecksum}
     */
    record BookSnapshot(String market, List<Level> bids, List<Level> asks, long checksum) implements EventPayload {
        public static final String TYPE = "book.snapshot";

        public BookSnapshot {
            Objects.requireNonNull(market, "market");
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code book.delta}: new absolute quantities; a zero quantity removes the level. */
    record BookDelta(String market, List<LevelChange> changes, long checksum) implements EventPayload {
        public static final String TYPE = "book.delta";

        public BookDelta {
            Objects.requireNonNull(market, "market");
            changes = List.copyOf(changes);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code book.invalidated}: drop the local book; a fresh snapshot follows. */
    record BookInvalidated(String market, InvalidationReason reason) implements EventPayload {
        public static final String TYPE = "book.invalidated";

        public BookInvalidated {
            Objects.requireNonNull(market, "market");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code market.trade}: one public fill. */
    record MarketTrade(long tradeId, String market, Decimal price, Decimal qty,
            Side takerSide) implements EventPayload {
        public static final String TYPE = "market.trade";

        public MarketTrade {
            Objects.requireNonNull(market, "market");
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(qty, "qty");
            Objects.requireNonNull(takerSide, "takerSide");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code account.snapshot}: every balance and open order of the user. */
    record AccountSnapshot(List<Balance> balances, List<Order> openOrders) implements EventPayload {
        public static final String TYPE = "account.snapshot";

        public AccountSnapshot {
            balances = List.copyOf(balances);
            openOrders = List.copyOf(openOrders);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code order.update}: the new state of one of the user's orders. */
    record OrderUpdate(Order order) implements EventPayload {
        public static final String TYPE = "order.update";

        public OrderUpdate {
            Objects.requireNonNull(order, "order");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code trade}: a fill of one of the user's orders.
     *
     * @param fee charged in {@code feeAsset}; negative for a rebate
     */
    record Trade(long tradeId, long orderId, String symbol, Side side, Role role, Decimal price, Decimal qty,
                 Decimal fee, String feeAsset, long tradedAt) implements EventPayload {
        public static final String TYPE = "trade";

        public Trade {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(qty, "qty");
            Objects.requireNonNull(fee, "fee");
            Objects.requireNonNull(feeAsset, "feeAsset");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code balance.update}: the new balance of one asset. */
    record BalanceUpdate(Balance balance) implements EventPayload {
        public static final String TYPE = "balance.update";

        public BalanceUpdate {
            Objects.requireNonNull(balance, "balance");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code feed.message}: one frame of a captured upstream feed, its {@code data} the frame as
     * received (any JSON value).
     *
     * @param dataJson the frame's JSON text, exactly as the upstream sent it
     */
    record FeedMessage(String dataJson) implements EventPayload {
        public static final String TYPE = "feed.message";

        public FeedMessage {
            Objects.requireNonNull(dataJson, "dataJson");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code feed.gap}: the first event (seq 1) of every topic in a captured feed's new epoch, since
     * what the upstream sent between the epochs is gone.
     *
     * @param lastMessageAt when the relay received the upstream's last frame before the gap; null if never
     */
    record FeedGap(FeedGapReason reason, Instant lastMessageAt) implements EventPayload {
        public static final String TYPE = "feed.gap";

        public FeedGap {
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * Whether an event of {@code type} at {@code seq} opens a captured feed's epoch: its
         * {@code feed.gap} at seq 1, which says itself that the epoch changed, so a stream that
         * crosses into that epoch goes on without a break.
         */
        public static boolean opensEpoch(String type, long seq) {
            return seq == 1 && TYPE.equals(type);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code feed.rejected}, on the {@code _rejected} topic: a frame the relay could not capture.
     *
     * @param reason what was wrong: {@code not_json}, {@code too_large}, {@code no_topic}, {@code bad_topic}
     * @param size   the frame's length in bytes
     * @param sample the frame's first characters, at most a bound the relay sets
     */
    record FeedRejected(String reason, long size, String sample) implements EventPayload {
        public static final String TYPE = "feed.rejected";

        public FeedRejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(sample, "sample");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code ticker} (1.1), on {@code ticker.<MARKET>}: the rolling 24 h statistics over the engine's
     * clock and the best prices. The 24 h fields are {@code null} while the window holds no trade;
     * {@code last} is the last trade's price, however old, or {@code null} if the market never traded.
     *
     * @param bestBid the best bid's price and quantity, or {@code null} when the side is empty
     * @param bestAsk likewise for the asks
     */
    record Ticker(String market, Decimal last, Level bestBid, Level bestAsk, Decimal open24h, Decimal high24h,
                  Decimal low24h, Decimal volume24h, Decimal quoteVolume24h, long trades24h) implements EventPayload {
        public static final String TYPE = "ticker";

        public Ticker {
            Objects.requireNonNull(market, "market");
            Objects.requireNonNull(volume24h, "volume24h");
            Objects.requireNonNull(quoteVolume24h, "quoteVolume24h");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code candle} (1.1), on {@code candles.<MARKET>.<INTERVAL>}: the candle a trade changed, or,
     * with {@code closed}, its final state once its interval has ended.
     *
     * @param openTime  the interval's first ms
     * @param closeTime the interval's last ms ({@code openTime + length - 1})
     * @param volume    base asset traded, at the base asset's scale
     * @param quoteVolume quote asset traded, at the quote asset's scale
     */
    record Candle(String market, CandleInterval interval, long openTime, long closeTime, Decimal open, Decimal high,
                  Decimal low, Decimal close, Decimal volume, Decimal quoteVolume, long trades, boolean closed)
            implements EventPayload {
        public static final String TYPE = "candle";

        public Candle {
            Objects.requireNonNull(market, "market");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(open, "open");
            Objects.requireNonNull(high, "high");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(close, "close");
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(quoteVolume, "quoteVolume");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A stream event of a type this version does not know, with its {@code data} as raw JSON.
     * Its envelope (topic, epoch, seq) is still read, so cursors stay dense.
     */
    record UnknownEvent(String type, String dataJson) implements EventPayload {
        public UnknownEvent {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(dataJson, "dataJson");
        }
    }
}
