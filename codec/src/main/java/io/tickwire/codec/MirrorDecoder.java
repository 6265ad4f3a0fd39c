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
import io.tickwire.protocol.message.WireEnum;
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
        Cursor c = new Cursor(data);
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

    private Order order(Cursor c) {
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
                throw Cursor.NOT_PLAIN;
            }
        }
        return new Order(orderId, clientOrderId, symbol, side, orderType, tif, price, qty, status, filledQty,
                avgPrice, updatedAt, cancelReason);
    }

    private Balance balance(Cursor c) {
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
                throw Cursor.NOT_PLAIN;
            }
        }
        return new Balance(asset, avail, frozen);
    }

    private EventPayload.BookDelta bookDelta(Cursor c) {
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
                throw Cursor.NOT_PLAIN;
            }
        }
        return new EventPayload.BookDelta(market, changes, checksum);
    }

    private EventPayload.Ticker ticker(Cursor c) {
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
                throw Cursor.NOT_PLAIN;
            }
        }
        return new EventPayload.Ticker(market, last, bestBid, bestAsk, open, high, low, volume, quoteVolume, trades);
    }

    private EventPayload.Candle candle(Cursor c) {
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
                throw Cursor.NOT_PLAIN;
            }
        }
        return new EventPayload.Candle(market, interval, openTime, closeTime, values[0], values[1], values[2],
                values[3], values[4], values[5], trades, closed);
    }

    /** {@code ["price","qty"]} or {@code null}. */
    private static Level level(Cursor c) {
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
    private String name(Cursor c) {
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

    /**
     * One pass over the bytes: the range of the last string or name read is {@code start} and
     * {@code length}. Whatever it does not expect throws {@link #NOT_PLAIN}, and the payload goes
     * to the streaming parser instead.
     */
    private static final class Cursor {
        /** Thrown often enough to be made once: no stack trace, no message. */
        static final RuntimeException NOT_PLAIN = new RuntimeException(null, null, false, false) {
            private static final long serialVersionUID = 1L;
        };

        private final byte[] b;
        private int pos;
        private int start;
        private int length;

        Cursor(byte[] b) {
            this.b = b;
        }

        void expect(char ch) {
            if (pos >= b.length || b[pos] != ch) {
                throw NOT_PLAIN;
            }
            pos++;
        }

        /** Consumes {@code ch} if it comes next. */
        boolean skipIf(char ch) {
            if (pos < b.length && b[pos] == ch) {
                pos++;
                return true;
            }
            return false;
        }

        /** After an array's element: true when another follows, false at the array's end. */
        boolean nextElement() {
            if (skipIf(',')) {
                return true;
            }
            expect(']');
            return false;
        }

        /** The next field's name (then its value is next); false at the object's end. */
        boolean nextField() {
            if (skipIf('}')) {
                return false;
            }
            if (b[pos - 1] != '{') {
                expect(',');
            }
            string();
            expect(':');
            return true;
        }

        /** Nothing after the object. */
        void end() {
            if (pos != b.length) {
                throw NOT_PLAIN;
            }
        }

        /** Whether the last name or string read is {@code bytes}. */
        boolean is(byte[] bytes) {
            if (bytes.length != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (b[start + i] != bytes[i]) {
                    return false;
                }
            }
            return true;
        }

        /** A string without escapes; its range is kept. */
        Cursor string() {
            expect('"');
            int from = pos;
            while (pos < b.length && b[pos] != '"') {
                if (b[pos] == '\\' || (b[pos] >= 0 && b[pos] < 0x20)) {
                    throw NOT_PLAIN;
                }
                pos++;
            }
            expect('"');
            start = from;
            length = pos - 1 - from;
            return this;
        }

        String text() {
            return new String(b, start, length, StandardCharsets.UTF_8);
        }

        /** The constant the string names, as the codec writes it (its name or its wire form). */
        <E extends Enum<E> & WireEnum> E constant(E[] values) {
            for (E value : values) {
                if (matches(value.name()) || matches(value.wire())) {
                    return value;
                }
            }
            throw NOT_PLAIN;
        }

        private boolean matches(String text) {
            if (text.length() != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (b[start + i] != text.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        boolean isNull() {
            if (pos + 4 <= b.length && b[pos] == 'n' && b[pos + 1] == 'u' && b[pos + 2] == 'l' && b[pos + 3] == 'l') {
                pos += 4;
                return true;
            }
            return false;
        }

        boolean bool() {
            if (pos + 4 <= b.length && b[pos] == 't' && b[pos + 1] == 'r' && b[pos + 2] == 'u' && b[pos + 3] == 'e') {
                pos += 4;
                return true;
            }
            if (pos + 5 <= b.length && b[pos] == 'f' && b[pos + 1] == 'a' && b[pos + 2] == 'l' && b[pos + 3] == 's'
                    && b[pos + 4] == 'e') {
                pos += 5;
                return false;
            }
            throw NOT_PLAIN;
        }

        /** An integer without sign, fraction or exponent, as the codec writes counts, ids and times. */
        long longValue() {
            int from = pos;
            long value = 0;
            while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                value = Math.addExact(Math.multiplyExact(value, 10), b[pos] - '0');
                pos++;
            }
            if (pos == from || (b[from] == '0' && pos - from > 1)) {
                throw NOT_PLAIN;
            }
            return value;
        }

        /** A canonical decimal string, as {@link Decimal#toString} writes it. */
        Decimal decimal() {
            expect('"');
            boolean negative = skipIf('-');
            int from = pos;
            long unscaled = 0;
            int scale = -1;
            while (pos < b.length && b[pos] != '"') {
                byte d = b[pos];
                if (d == '.' && scale < 0 && pos > from) {
                    scale = 0;
                } else if (d >= '0' && d <= '9') {
                    unscaled = Math.addExact(Math.multiplyExact(unscaled, 10), d - '0');
                    if (scale >= 0) {
                        scale++;
                    }
                } else {
                    throw NOT_PLAIN;
                }
                pos++;
            }
            int integerDigits = (scale < 0 ? pos : pos - scale - 1) - from;
            if (integerDigits < 1 || scale == 0 || scale > Decimal.MAX_SCALE
                    || (integerDigits > 1 && b[from] == '0')) {
                throw NOT_PLAIN;
            }
            expect('"');
            return Decimal.of(negative ? -unscaled : unscaled, Math.max(scale, 0));
        }
    }
}
