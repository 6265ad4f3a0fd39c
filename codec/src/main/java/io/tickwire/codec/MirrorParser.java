package io.tickwire.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MirrorDecoder}'s way for any well-formed payload: one pass of Jackson's streaming parser
 * over the data, fields in any order, strings with escapes. The decoder's own scanner takes the
 * common case; this takes what the scanner does not. Thread-safe.
 */
final class MirrorParser {
    private final JsonCodec codec;
    private final String[] names;

    MirrorParser(JsonCodec codec, String[] names) {
        this.codec = codec;
        this.names = names;
    }

    /**
     * The payload of an event of {@code type}, one {@link MirrorDecoder#decodes}.
     *
     * @throws IllegalArgumentException if the bytes are not such a payload
     */
    EventPayload decode(String type, byte[] data) {
        try (JsonParser p = codec.factory().createParser(data)) {
            expect(p, JsonToken.START_OBJECT);
            return switch (type) {
                case EventPayload.OrderUpdate.TYPE -> new EventPayload.OrderUpdate(order(p));
                case EventPayload.BalanceUpdate.TYPE -> new EventPayload.BalanceUpdate(balance(p));
                case EventPayload.BookDelta.TYPE -> bookDelta(p);
                case EventPayload.Ticker.TYPE -> ticker(p);
                default -> candle(p);
            };
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a " + type + " payload: " + e.getMessage(), e);
        }
    }

    private Order order(JsonParser p) throws IOException {
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
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "order_id" -> orderId = p.getLongValue();
                case "client_order_id" -> clientOrderId = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
                case "symbol" -> symbol = name(p);
                case "side" -> side = Side.fromWire(p.getText());
                case "order_type" -> orderType = OrderType.fromWire(p.getText());
                case "tif" -> tif = TimeInForce.fromWire(p.getText());
                case "price" -> price = optionalDecimal(p);
                case "qty" -> qty = decimal(p);
                case "status" -> status = OrderStatus.fromWire(p.getText());
                case "filled_qty" -> filledQty = decimal(p);
                case "avg_price" -> avgPrice = optionalDecimal(p);
                case "updated_at" -> updatedAt = p.getLongValue();
                case "cancel_reason" -> cancelReason = CancelReason.fromWire(p.getText());
                default -> p.skipChildren();
            }
        }
        return new Order(orderId, clientOrderId, symbol, side, orderType, tif, price, qty, status, filledQty,
                avgPrice, updatedAt, cancelReason);
    }

    private Balance balance(JsonParser p) throws IOException {
        String asset = null;
        Decimal avail = null;
        Decimal frozen = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "asset" -> asset = name(p);
                case "avail" -> avail = decimal(p);
                case "frozen" -> frozen = decimal(p);
                default -> p.skipChildren();
            }
        }
        return new Balance(asset, avail, frozen);
    }

    private EventPayload.BookDelta bookDelta(JsonParser p) throws IOException {
        String market = null;
        List<LevelChange> changes = List.of();
        long checksum = 0;
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "market" -> market = name(p);
                case "changes" -> {
                    changes = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        p.nextToken();
                        Side side = Side.fromWire(p.getText());
                        p.nextToken();
                        Decimal price = decimal(p);
                        p.nextToken();
                        Decimal qty = decimal(p);
                        expect(p, JsonToken.END_ARRAY);
                        changes.add(new LevelChange(side, price, qty));
                    }
                }
                case "checksum" -> checksum = p.getLongValue();
                default -> p.skipChildren();
            }
        }
        return new EventPayload.BookDelta(market, changes, checksum);
    }

    private EventPayload.Ticker ticker(JsonParser p) throws IOException {
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
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "market" -> market = name(p);
                case "last" -> last = optionalDecimal(p);
                case "best_bid" -> bestBid = level(p);
                case "best_ask" -> bestAsk = level(p);
                case "open_24h" -> open = optionalDecimal(p);
                case "high_24h" -> high = optionalDecimal(p);
                case "low_24h" -> low = optionalDecimal(p);
                case "volume_24h" -> volume = decimal(p);
                case "quote_volume_24h" -> quoteVolume = decimal(p);
                case "trades_24h" -> trades = p.getLongValue();
                default -> p.skipChildren();
            }
        }
        return new EventPayload.Ticker(market, last, bestBid, bestAsk, open, high, low, volume, quoteVolume, trades);
    }

    private EventPayload.Candle candle(JsonParser p) throws IOException {
        String market = null;
        CandleInterval interval = null;
        long openTime = 0;
        long closeTime = 0;
        long trades = 0;
        boolean closed = false;
        Decimal[] values = new Decimal[6]; // open, high, low, close, volume, quote volume
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "market" -> market = name(p);
                case "interval" -> interval = CandleInterval.fromWire(p.getText());
                case "open_time" -> openTime = p.getLongValue();
                case "close_time" -> closeTime = p.getLongValue();
                case "open" -> values[0] = decimal(p);
                case "high" -> values[1] = decimal(p);
                case "low" -> values[2] = decimal(p);
                case "close" -> values[3] = decimal(p);
                case "volume" -> values[4] = decimal(p);
                case "quote_volume" -> values[5] = decimal(p);
                case "trades" -> trades = p.getLongValue();
                case "closed" -> closed = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        return new EventPayload.Candle(market, interval, openTime, closeTime, values[0], values[1], values[2],
                values[3], values[4], values[5], trades, closed);
    }

    /** {@code ["price","qty"]} or {@code null}. */
    private static Level level(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        p.nextToken();
        Decimal price = decimal(p);
        p.nextToken();
        Decimal qty = decimal(p);
        expect(p, JsonToken.END_ARRAY);
        return new Level(price, qty);
    }

    private static Decimal decimal(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("a decimal string is expected, not " + p.currentToken());
        }
        return Decimal.parseSigned(p.getText());
    }

    private static Decimal optionalDecimal(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : decimal(p);
    }

    /** A market or asset name: the instance given at construction when it is one of them. */
    private String name(JsonParser p) throws IOException {
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        for (String known : names) {
            if (known.length() == length && matches(known, text, offset)) {
                return known;
            }
        }
        return p.getText();
    }

    private static boolean matches(String known, char[] text, int offset) {
        for (int i = 0; i < known.length(); i++) {
            if (known.charAt(i) != text[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static void expect(JsonParser p, JsonToken token) throws IOException {
        if (p.nextToken() != token) {
            throw new IllegalArgumentException("expected " + token + ", found " + p.currentToken());
        }
    }
}
