package io.tickwire.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Order;
import java.io.IOException;
import java.util.List;

/**
 * Writes event payloads (the {@code data} of a stream event) with Jackson's streaming generator,
 * for {@link MessageWriter}'s events and for {@link PayloadEncoder}. Field order is fixed, so that
 * the same payload always yields the same bytes.
 */
final class PayloadWriter {
    // Field names, quoted once: Jackson writes a SerializedString's prepared bytes instead of
    // encoding the name each time.
    private static final SerializableString F_ASKS = new SerializedString("asks");
    private static final SerializableString F_ASSET = new SerializedString("asset");
    private static final SerializableString F_AVAIL = new SerializedString("avail");
    private static final SerializableString F_AVG_PRICE = new SerializedString("avg_price");
    private static final SerializableString F_BALANCES = new SerializedString("balances");
    private static final SerializableString F_BIDS = new SerializedString("bids");
    private static final SerializableString F_CHANGES = new SerializedString("changes");
    private static final SerializableString F_CHECKSUM = new SerializedString("checksum");
    private static final SerializableString F_CLIENT_ORDER_ID = new SerializedString("client_order_id");
    private static final SerializableString F_FEE = new SerializedString("fee");
    private static final SerializableString F_FEE_ASSET = new SerializedString("fee_asset");
    private static final SerializableString F_FILLED_QTY = new SerializedString("filled_qty");
    private static final SerializableString F_FROZEN = new SerializedString("frozen");
    private static final SerializableString F_MARKET = new SerializedString("market");
    private static final SerializableString F_OPEN_ORDERS = new SerializedString("open_orders");
    private static final SerializableString F_ORDER_ID = new SerializedString("order_id");
    private static final SerializableString F_ORDER_TYPE = new SerializedString("order_type");
    static final SerializableString F_PRICE = new SerializedString("price");
    static final SerializableString F_QTY = new SerializedString("qty");
    private static final SerializableString F_REASON = new SerializedString("reason");
    private static final SerializableString F_ROLE = new SerializedString("role");
    private static final SerializableString F_SIDE = new SerializedString("side");
    private static final SerializableString F_STATUS = new SerializedString("status");
    private static final SerializableString F_SYMBOL = new SerializedString("symbol");
    private static final SerializableString F_TAKER_SIDE = new SerializedString("taker_side");
    private static final SerializableString F_TIF = new SerializedString("tif");
    private static final SerializableString F_TRADE_ID = new SerializedString("trade_id");
    private static final SerializableString F_TRADED_AT = new SerializedString("traded_at");
    private static final SerializableString F_UPDATED_AT = new SerializedString("updated_at");

    private PayloadWriter() {
    }

    static void payload(EventPayload payload, JsonGenerator g) throws IOException {
        if (payload instanceof EventPayload.UnknownEvent unknown) {
            g.writeRawValue(unknown.dataJson());
            return;
        }
        if (payload instanceof EventPayload.FeedMessage message) {
            g.writeRawValue(message.dataJson());
            return;
        }
        g.writeStartObject();
        switch (payload) {
            case EventPayload.BookSnapshot p -> {
                g.writeFieldName(F_MARKET);
                g.writeString(p.market());
                levels(g, F_BIDS, p.bids());
                levels(g, F_ASKS, p.asks());
                g.writeFieldName(F_CHECKSUM);
                g.writeNumber(p.checksum());
            }
            case EventPayload.BookDelta p -> {
                g.writeFieldName(F_MARKET);
                g.writeString(p.market());
                g.writeFieldName(F_CHANGES);
                g.writeStartArray();
                for (LevelChange change : p.changes()) {
                    g.writeStartArray();
                    g.writeString(change.side().wire());
                    g.writeString(change.price().toString());
                    g.writeString(change.qty().toString());
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeFieldName(F_CHECKSUM);
                g.writeNumber(p.checksum());
            }
            case EventPayload.BookInvalidated p -> {
                g.writeFieldName(F_MARKET);
                g.writeString(p.market());
                g.writeFieldName(F_REASON);
                g.writeString(p.reason().wire());
            }
            case EventPayload.MarketTrade p -> {
                g.writeFieldName(F_TRADE_ID);
                g.writeNumber(p.tradeId());
                g.writeFieldName(F_MARKET);
                g.writeString(p.market());
                decimal(g, F_PRICE, p.price());
                decimal(g, F_QTY, p.qty());
                g.writeFieldName(F_TAKER_SIDE);
                g.writeString(p.takerSide().wire());
            }
            case EventPayload.AccountSnapshot p -> {
                g.writeFieldName(F_BALANCES);
                g.writeStartArray();
                for (Balance balance : p.balances()) {
                    g.writeStartObject();
                    balanceFields(g, balance);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeFieldName(F_OPEN_ORDERS);
                g.writeStartArray();
                for (Order order : p.openOrders()) {
                    g.writeStartObject();
                    orderFields(g, order);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case EventPayload.OrderUpdate p -> orderFields(g, p.order());
            case EventPayload.Trade p -> {
                g.writeFieldName(F_TRADE_ID);
                g.writeNumber(p.tradeId());
                g.writeFieldName(F_ORDER_ID);
                g.writeNumber(p.orderId());
                g.writeFieldName(F_SYMBOL);
                g.writeString(p.symbol());
                g.writeFieldName(F_SIDE);
                g.writeString(p.side().name());
                g.writeFieldName(F_ROLE);
                g.writeString(p.role().name());
                decimal(g, F_PRICE, p.price());
                decimal(g, F_QTY, p.qty());
                decimal(g, F_FEE, p.fee());
                g.writeFieldName(F_FEE_ASSET);
                g.writeString(p.feeAsset());
                g.writeFieldName(F_TRADED_AT);
                g.writeNumber(p.tradedAt());
            }
            case EventPayload.BalanceUpdate p -> balanceFields(g, p.balance());
            case EventPayload.FeedGap p -> {
                g.writeStringField("reason", p.reason().wire());
                if (p.lastMessageAt() == null) {
                    g.writeNullField("last_message_at");
                } else {
                    g.writeStringField("last_message_at", p.lastMessageAt().toString());
                }
            }
            case EventPayload.FeedRejected p -> {
                g.writeStringField("reason", p.reason());
                g.writeNumberField("size", p.size());
                g.writeStringField("sample", p.sample());
            }
            case EventPayload.Ticker p -> {
                g.writeFieldName(F_MARKET);
                g.writeString(p.market());
                g.writeStringField("last", text(p.last()));
                level(g, "best_bid", p.bestBid());
                level(g, "best_ask", p.bestAsk());
                g.writeStringField("open_24h", text(p.open24h()));
                g.writeStringField("high_24h", text(p.high24h()));
                g.writeStringField("low_24h", text(p.low24h()));
                g.writeStringField("volume_24h", p.volume24h().toString());
                g.writeStringField("quote_volume_24h", p.quoteVolume24h().toString());
                g.writeNumberField("trades_24h", p.trades24h());
            }
            case EventPayload.Candle p -> {
                g.writeFieldName(F_MARKET);
                g.writeString(p.market());
                g.writeStringField("interval", p.interval().wire());
                g.writeNumberField("open_time", p.openTime());
                g.writeNumberField("close_time", p.closeTime());
                g.writeStringField("open", p.open().toString());
                g.writeStringField("high", p.high().toString());
                g.writeStringField("low", p.low().toString());
                g.writeStringField("close", p.close().toString());
                g.writeStringField("volume", p.volume().toString());
                g.writeStringField("quote_volume", p.quoteVolume().toString());
                g.writeNumberField("trades", p.trades());
                g.writeBooleanField("closed", p.closed());
            }
            case EventPayload.UnknownEvent u -> throw new AssertionError("written raw above");
            case EventPayload.FeedMessage u -> throw new AssertionError("written raw above");
        }
        g.writeEndObject();
    }

    static void orderFields(JsonGenerator g, Order o) throws IOException {
        g.writeFieldName(F_ORDER_ID);
        g.writeNumber(o.orderId());
        g.writeFieldName(F_CLIENT_ORDER_ID);
        g.writeString(o.clientOrderId());
        g.writeFieldName(F_SYMBOL);
        g.writeString(o.symbol());
        g.writeFieldName(F_SIDE);
        g.writeString(o.side().name());
        g.writeFieldName(F_ORDER_TYPE);
        g.writeString(o.orderType().name());
        g.writeFieldName(F_TIF);
        g.writeString(o.tif().name());
        nullableDecimal(g, F_PRICE, o.price());
        decimal(g, F_QTY, o.qty());
        g.writeFieldName(F_STATUS);
        g.writeString(o.status().name());
        decimal(g, F_FILLED_QTY, o.filledQty());
        nullableDecimal(g, F_AVG_PRICE, o.avgPrice());
        g.writeFieldName(F_UPDATED_AT);
        g.writeNumber(o.updatedAt());
        if (o.cancelReason() != null) {
            g.writeStringField("cancel_reason", o.cancelReason().wire());
        }
    }

    private static void balanceFields(JsonGenerator g, Balance b) throws IOException {
        g.writeFieldName(F_ASSET);
        g.writeString(b.asset());
        decimal(g, F_AVAIL, b.avail());
        decimal(g, F_FROZEN, b.frozen());
    }

    private static void levels(JsonGenerator g, SerializableString name, List<Level> levels) throws IOException {
        g.writeFieldName(name);
        g.writeStartArray();
        for (Level level : levels) {
            g.writeStartArray();
            g.writeString(level.price().toString());
            g.writeString(level.qty().toString());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /** A level as {@code ["price","qty"]}, or {@code null}. */
    private static void level(JsonGenerator g, String name, Level level) throws IOException {
        g.writeFieldName(name);
        if (level == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        g.writeString(level.price().toString());
        g.writeString(level.qty().toString());
        g.writeEndArray();
    }

    private static String text(Decimal value) {
        return value == null ? null : value.toString();
    }

    static void decimal(JsonGenerator g, SerializableString name, Decimal value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value.toString());
    }

    private static void nullableDecimal(JsonGenerator g, SerializableString name, Decimal value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value == null ? null : value.toString());
    }
}
