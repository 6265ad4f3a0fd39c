package io.tickwire.codec;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads back, from the {@code data} bytes a Tickwire core wrote, the payloads that a node's
 * mirrors fold: {@code order.update}, {@code balance.update}, {@code book.delta}, {@code ticker}
 * and {@code candle}; a core's hub does so for every such event. It scans the bytes itself for
 * what the core writes (strings without escapes, canonical decimals, constants as the codec spells
 * them) and allocates only what it returns: the records, their decimals, a client order id.
 * Anything else goes to Jackson's streaming parser ({@link MirrorParser}), so every well-formed
 * payload reads alike. It trusts its input beyond JSON types (the core's own bytes), which
 * {@link JsonCodec#decodeServer} does not. Market and asset names given at construction are
 * shared, not copied, into what it returns. Immutable and thread-safe.
 */
public final class MirrorDecoder {
    private static final byte[] ASSET = ascii("asset");
    private static final byte[] AVAIL = ascii("avail");
    private static final byte[] AVG_PRICE = ascii("avg_price");
    private static final byte[] BEST_ASK = ascii("best_ask");
    private static final byte[] BEST_BID = ascii("best_bid");
    private static final byte[] CANCEL_REASON = ascii("cancel_reason");
    private static final byte[] CHANGES = ascii("changes");
    private static final byte[] CHECKSUM = ascii("checksum");
    private static final byte[] CLIENT_ORDER_ID = ascii("client_order_id");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] CLOSE_TIME = ascii("close_time");
    private static final byte[] CLOSED = ascii("closed");
    private static final byte[] FILLED_QTY = ascii("filled_qty");
    private static final byte[] FROZEN = ascii("frozen");
    private static final byte[] HIGH = ascii("high");
    private static final byte[] HIGH_24H = ascii("high_24h");
    private static final byte[] INTERVAL = ascii("interval");
    private static final byte[] LAST = ascii("last");
    private static final byte[] LOW = ascii("low");
    private static final byte[] LOW_24H = ascii("low_24h");
    private static final byte[] MARKET = ascii("market");
    private static final byte[] OPEN = ascii("open");
    private static final byte[] OPEN_24H = ascii("open_24h");
    private static final byte[] OPEN_TIME = ascii("open_time");
    private static final byte[] ORDER_ID = ascii("order_id");
    private static final byte[] ORDER_TYPE = ascii("order_type");
    private static final byte[] PRICE = ascii("price");
    private static final byte[] QTY = ascii("qty");
    private static final byte[] QUOTE_VOLUME = ascii("quote_volume");
    private static final byte[] QUOTE_VOLUME_24H = ascii("quote_volume_24h");
    private static final byte[] SIDE = ascii("side");
    private static final byte[] STATUS = ascii("status");
    private static final byte[] SYMBOL = ascii("symbol");
    private static final byte[] TIF = ascii("tif");
    private static final byte[] TRADES = ascii("trades");
    private static final byte[] TRADES_24H = ascii("trades_24h");
    private static final byte[] UPDATED_AT = ascii("updated_at");
    private static final byte[] VOLUME = ascii("volume");
    private static final byte[] VOLUME_24H = ascii("volume_24h");

    private final MirrorParser parser;
    private final String[] names;
    private final byte[][] nameBytes;

    /** {@code names}: the market and asset names the payloads will carry. */
    public MirrorDecoder(JsonCodec codec, Collection<String> names) {
        this.names = names.toArray(String[]::new);
        this.nameBytes = new byte[this.names.length][];
        for (int i = 0; i < this.names.length; i++) {
            nameBytes[i] = this.names[i].getBytes(StandardCharsets.UTF_8);
        }
        this.parser = new MirrorParser(codec, this.names);
    }

    /** Whether {@link #decode} reads events of {@code type}. */
    public static boolean decodes(String type) {
        return switch (type) {
            case EventPayload.OrderUpdate.TYPE, EventPayload.BalanceUpdate.TYPE, EventPayload.BookDelta.TYPE,
                 EventPayload.Ticker.TYPE, EventPayload.Candle.TYPE -> true;
            default -> false;
        };
    }

    /**
     * The payload of an event of {@code type}, or {@code null} for a type it does not read.
     *
     * @throws IllegalArgumentException if the bytes are not such a payload
     */
    public EventPayload decode(String type, byte[] data) {
        if (!decodes(type)) {
            return null;
        }
        try {
            return scan(type, data);
        } catch (RuntimeException notPlain) {
            return parser.decode(type, data);
        }
    }

    /** The scanner alone, for a type {@link #decodes}: throws on what it does not take. */
    EventPayload scan(String type, byte[] data) {
        JsonCursor c = new JsonCursor(data);
        c.expect('{');
        EventPayload payload = switch (type) {
            case EventPayload.OrderUpdate.TYPE -> new EventPayload.OrderUpdate(order(c));
            case EventPayload.BalanceUpdate.TYPE -> new EventPayload.BalanceUpdate(balance(c));
            case EventPayload.BookDelta.TYPE -> bookDelta(c);
            case EventPayload.Ticker.TYPE -> ticker(c);
            default -> candle(c);
        };
        c.end();
        return payload;
    }

    private Order order(JsonCursor c) {
        long orderId = 0;
        long updatedAt = 0;
        String clientOrderId = null;
        String symbol = null;
        Side side = null;
        OrderType orderType = null;
        TimeInForce tif = null;
        OrderStatus status = null;
        CancelReason cancelReason = null;
        Decimal price = null;
        Decimal qty = null;
        Decimal filledQty = null;
        Decimal avgPrice = null;
        while (c.nextField()) {
            if (c.is(ORDER_ID)) {
                orderId = c.longValue();
            } else if (c.is(CLIENT_ORDER_ID)) {
                clientOrderId = c.isNull() ? null : c.string().text();
            } else if (c.is(SYMBOL)) {
                symbol = name(c.string());
            } else if (c.is(SIDE)) {
                side = c.string().constant(Side.values());
            } else if (c.is(ORDER_TYPE)) {
                orderType = c.string().constant(OrderType.values());
            } else if (c.is(TIF)) {
                tif = c.string().constant(TimeInForce.values());
            } else if (c.is(PRICE)) {
                price = c.isNull() ? null : c.decimal();
            } else if (c.is(QTY)) {
                qty = c.decimal();
            } else if (c.is(STATUS)) {
                status = c.string().constant(OrderStatus.values());
            } else if (c.is(FILLED_QTY)) {
                filledQty = c.decimal();
            } else if (c.is(AVG_PRICE)) {
                avgPrice = c.isNull() ? null : c.decimal();
            } else if (c.is(UPDATED_AT)) {
                updatedAt = c.longValue();
            } else if (c.is(CANCEL_REASON)) {
                cancelReason = c.string().constant(CancelReason.values());
            } else {
                throw JsonCursor.NOT_PLAIN;
            }
        }
        return new Order(orderId, clientOrderId, symbol, side, orderType, tif, price, qty, status, filledQty,
                avgPrice, updatedAt, cancelReason);
    }

    private Balance balance(JsonCursor c) {
        String asset = null;
        Decimal avail = null;
        Decimal frozen = null;
        while (c.nextField()) {
            if (c.is(ASSET)) {
                asset = name(c.string());
            } else if (c.is(AVAIL)) {
                avail = c.decimal();
            } else if (c.is(FROZEN)) {
                frozen = c.decimal();
            } else {
                throw JsonCursor.NOT_PLAIN;
            }
        }
        return new Balance(asset, avail, frozen);
    }

    private EventPayload.BookDelta bookDelta(JsonCursor c) {
        String market = null;
        List<LevelChange> changes = List.of();
        long checksum = 0;
        while (c.nextField()) {
            if (c.is(MARKET)) {
                market = name(c.string());
            } else if (c.is(CHANGES)) {
                changes = new ArrayList<>();
                c.expect('[');
                boolean more = !c.skipIf(']');
                while (more) {
                    c.expect('[');
                    Side side = c.string().constant(Side.values());
                    c.expect(',');
                    Decimal price = c.decimal();
                    c.expect(',');
                    Decimal qty = c.decimal();
                    c.expect(']');
                    changes.add(new LevelChange(side, price, qty));
                    more = c.nextElement();
                }
            } else if (c.is(CHECKSUM)) {
                checksum = c.longValue();
            } else {
                throw JsonCursor.NOT_PLAIN;
            }
        }
        return new EventPayload.BookDelta(market, changes, checksum);
    }

    private EventPayload.Ticker ticker(JsonCursor c) {
        String market = null;
        Decimal last = null;
        Level bestBid = null;
        Level bestAsk = null;
        Decimal open = null;
        Decimal high = null;
        Decimal low = null;
        Decimal volume = null;
        Decimal quoteVolume = null;
        long trades = 0;
        while (c.nextField()) {
            if (c.is(MARKET)) {
                market = name(c.string());
            } else if (c.is(LAST)) {
                last = c.isNull() ? null : c.decimal();
            } else if (c.is(BEST_BID)) {
                bestBid = level(c);
            } else if (c.is(BEST_ASK)) {
                bestAsk = level(c);
            } else if (c.is(OPEN_24H)) {
                open = c.isNull() ? null : c.decimal();
            } else if (c.is(HIGH_24H)) {
                high = c.isNull() ? null : c.decimal();
            } else if (c.is(LOW_24H)) {
                low = c.isNull() ? null : c.decimal();
            } else if (c.is(VOLUME_24H)) {
                volume = c.decimal();
            } else if (c.is(QUOTE_VOLUME_24H)) {
                quoteVolume = c.decimal();
            } else if (c.is(TRADES_24H)) {
                trades = c.longValue();
            } else {
                throw JsonCursor.NOT_PLAIN;
            }
        }
        return new EventPayload.Ticker(market, last, bestBid, bestAsk, open, high, low, volume, quoteVolume, trades);
    }

    private EventPayload.Candle candle(JsonCursor c) {
        String market = null;
        CandleInterval interval = null;
        long openTime = 0;
        long closeTime = 0;
        long trades = 0;
        boolean closed = false;
        Decimal[] values = new Decimal[6]; // open, high, low, close, volume, quote volume
        while (c.nextField()) {
            if (c.is(MARKET)) {
                market = name(c.string());
            } else if (c.is(INTERVAL)) {
                interval = c.string().constant(CandleInterval.values());
            } else if (c.is(OPEN_TIME)) {
                openTime = c.longValue();
            } else if (c.is(CLOSE_TIME)) {
                closeTime = c.longValue();
            } else if (c.is(OPEN)) {
                values[0] = c.decimal();
            } else if (c.is(HIGH)) {
                values[1] = c.decimal();
            } else if (c.is(LOW)) {
                values[2] = c.decimal();
            } else if (c.is(CLOSE)) {
                values[3] = c.decimal();
            } else if (c.is(VOLUME)) {
                values[4] = c.decimal();
            } else if (c.is(QUOTE_VOLUME)) {
                values[5] = c.decimal();
            } else if (c.is(TRADES)) {
                trades = c.longValue();
            } else if (c.is(CLOSED)) {
                closed = c.bool();
            } else {
                throw JsonCursor.NOT_PLAIN;
            }
        }
        return new EventPayload.Candle(market, interval, openTime, closeTime, values[0], values[1], values[2],
                values[3], values[4], values[5], trades, closed);
    }

    /** {@code ["price","qty"]} or {@code null}. */
    private static Level level(JsonCursor c) {
        if (c.isNull()) {
            return null;
        }
        c.expect('[');
        Decimal price = c.decimal();
        c.expect(',');
        Decimal qty = c.decimal();
        c.expect(']');
        return new Level(price, qty);
    }

    /** The string just read: a market or asset name given at construction is that instance. */
    private String name(JsonCursor c) {
        for (int i = 0; i < nameBytes.length; i++) {
            if (c.is(nameBytes[i])) {
                return names[i];
            }
        }
        return c.text();
    }

    private static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}
