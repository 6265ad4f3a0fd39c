package io.tickwire.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Unknown;
import java.io.IOException;
import java.util.List;

/**
 * Writes messages with Jackson's streaming generator. Field order is fixed (type first, then the
 * envelope, then the payload) so that the same message always yields the same bytes. Optional
 * fields that are absent are left out, except where the protocol shows them as {@code null}
 * (receipt, gap, order state).
 */
final class MessageWriter {

    private MessageWriter() {
    }

    static void write(ServerMessage message, JsonGenerator g) throws IOException {
        if (message instanceof Unknown unknown) {
            g.writeRawValue(unknown.json());
            return;
        }
        g.writeStartObject();
        g.writeStringField("type", message.type());
        switch (message) {
            case ServerMessage.AuthOk m -> {
                id(g, m.id());
                g.writeStringField("user_id", m.userId());
                g.writeNumberField("expires_at", m.expiresAt());
            }
            case ServerMessage.Subscribed m -> {
                id(g, m.id());
                g.writeStringField("topic", m.topic().name());
                g.writeStringField("epoch", m.epoch());
                g.writeNumberField("seq", m.seq());
                g.writeBooleanField("recovered", m.recovered());
            }
            case ServerMessage.Unsubscribed m -> {
                id(g, m.id());
                g.writeStringField("topic", m.topic().name());
            }
            case ServerMessage.Pong m -> {
                id(g, m.id());
                if (m.ts() != null) {
                    g.writeNumberField("ts", m.ts());
                }
            }
            case ServerMessage.Ack m -> {
                id(g, m.id());
                g.writeStringField("request_id", m.requestId());
                g.writeNumberField("ts", m.ts());
            }
            case ServerMessage.Receipt m -> {
                id(g, m.id());
                g.writeStringField("request_id", m.requestId());
                g.writeStringField("status", m.status().wire());
                nullableNumber(g, "order_id", m.orderId());
                g.writeStringField("client_order_id", m.clientOrderId());
                g.writeStringField("code", m.code());
                g.writeStringField("message", m.message());
            }
            case ServerMessage.ErrorMessage m -> {
                id(g, m.id());
                g.writeStringField("code", m.code());
                g.writeStringField("message", m.message());
                if (m.field() != null) {
                    g.writeStringField("field", m.field());
                }
            }
            case ServerMessage.Gap m -> {
                g.writeStringField("topic", m.topic().name());
                g.writeStringField("epoch", m.epoch());
                nullableNumber(g, "from_seq", m.fromSeq());
                nullableNumber(g, "to_seq", m.toSeq());
                g.writeStringField("reason", m.reason().wire());
            }
            case StreamEvent e -> {
                g.writeStringField("topic", e.topic().name());
                g.writeStringField("epoch", e.epoch());
                g.writeNumberField("seq", e.seq());
                g.writeNumberField("ts", e.ts());
                g.writeFieldName("data");
                payload(e.data(), g);
            }
            case Unknown u -> throw new AssertionError("written raw above");
        }
        g.writeEndObject();
    }

    static void write(ClientMessage message, JsonGenerator g) throws IOException {
        if (message instanceof Unknown unknown) {
            g.writeRawValue(unknown.json());
            return;
        }
        g.writeStartObject();
        g.writeStringField("type", message.type());
        id(g, message.id());
        switch (message) {
            case ClientMessage.Auth m -> g.writeStringField("token", m.token());
            case ClientMessage.Subscribe m -> {
                g.writeStringField("topic", m.topic().name());
                if (m.since() != null) {
                    g.writeObjectFieldStart("since");
                    g.writeStringField("epoch", m.since().epoch());
                    g.writeNumberField("seq", m.since().seq());
                    g.writeEndObject();
                }
            }
            case ClientMessage.Unsubscribe m -> g.writeStringField("topic", m.topic().name());
            case ClientMessage.Ping m -> {
            }
            case ClientMessage.OrderPlace m -> {
                g.writeStringField("market", m.market());
                g.writeStringField("side", m.side().wire());
                g.writeStringField("order_type", m.orderType().wire());
                g.writeStringField("tif", m.tif().wire());
                if (m.price() != null) {
                    decimal(g, "price", m.price());
                }
                decimal(g, "qty", m.qty());
                if (m.clientOrderId() != null) {
                    g.writeStringField("client_order_id", m.clientOrderId());
                }
            }
            case ClientMessage.OrderCancel m -> orderRef(g, m.order());
            case ClientMessage.OrderAmend m -> {
                orderRef(g, m.order());
                if (m.price() != null) {
                    decimal(g, "price", m.price());
                }
                if (m.qty() != null) {
                    decimal(g, "qty", m.qty());
                }
            }
            case Unknown u -> throw new AssertionError("written raw above");
        }
        g.writeEndObject();
    }

    static void payload(EventPayload payload, JsonGenerator g) throws IOException {
        if (payload instanceof EventPayload.UnknownEvent unknown) {
            g.writeRawValue(unknown.dataJson());
            return;
        }
        g.writeStartObject();
        switch (payload) {
            case EventPayload.BookSnapshot p -> {
                g.writeStringField("market", p.market());
                levels(g, "bids", p.bids());
                levels(g, "asks", p.asks());
                g.writeNumberField("checksum", p.checksum());
            }
            case EventPayload.BookDelta p -> {
                g.writeStringField("market", p.market());
                g.writeArrayFieldStart("changes");
                for (LevelChange change : p.changes()) {
                    g.writeStartArray();
                    g.writeString(change.side().wire());
                    g.writeString(change.price().toString());
                    g.writeString(change.qty().toString());
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeNumberField("checksum", p.checksum());
            }
            case EventPayload.BookInvalidated p -> {
                g.writeStringField("market", p.market());
                g.writeStringField("reason", p.reason().wire());
            }
            case EventPayload.MarketTrade p -> {
                g.writeNumberField("trade_id", p.tradeId());
                g.writeStringField("market", p.market());
                decimal(g, "price", p.price());
                decimal(g, "qty", p.qty());
                g.writeStringField("taker_side", p.takerSide().wire());
            }
            case EventPayload.AccountSnapshot p -> {
                g.writeArrayFieldStart("balances");
                for (Balance balance : p.balances()) {
                    g.writeStartObject();
                    balanceFields(g, balance);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("open_orders");
                for (Order order : p.openOrders()) {
                    g.writeStartObject();
                    orderFields(g, order);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case EventPayload.OrderUpdate p -> orderFields(g, p.order());
            case EventPayload.Trade p -> {
                g.writeNumberField("trade_id", p.tradeId());
                g.writeNumberField("order_id", p.orderId());
                g.writeStringField("symbol", p.symbol());
                g.writeStringField("side", p.side().name());
                g.writeStringField("role", p.role().name());
                decimal(g, "price", p.price());
                decimal(g, "qty", p.qty());
                decimal(g, "fee", p.fee());
                g.writeStringField("fee_asset", p.feeAsset());
                g.writeNumberField("traded_at", p.tradedAt());
            }
            case EventPayload.BalanceUpdate p -> balanceFields(g, p.balance());
            case EventPayload.UnknownEvent u -> throw new AssertionError("written raw above");
        }
        g.writeEndObject();
    }

    private static void orderFields(JsonGenerator g, Order o) throws IOException {
        g.writeNumberField("order_id", o.orderId());
        g.writeStringField("client_order_id", o.clientOrderId());
        g.writeStringField("symbol", o.symbol());
        g.writeStringField("side", o.side().name());
        g.writeStringField("order_type", o.orderType().name());
        g.writeStringField("tif", o.tif().name());
        nullableDecimal(g, "price", o.price());
        decimal(g, "qty", o.qty());
        g.writeStringField("status", o.status().name());
        decimal(g, "filled_qty", o.filledQty());
        nullableDecimal(g, "avg_price", o.avgPrice());
        g.writeNumberField("updated_at", o.updatedAt());
    }

    private static void balanceFields(JsonGenerator g, Balance b) throws IOException {
        g.writeStringField("asset", b.asset());
        decimal(g, "avail", b.avail());
        decimal(g, "frozen", b.frozen());
    }

    private static void levels(JsonGenerator g, String name, List<Level> levels) throws IOException {
        g.writeArrayFieldStart(name);
        for (Level level : levels) {
            g.writeStartArray();
            g.writeString(level.price().toString());
            g.writeString(level.qty().toString());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void orderRef(JsonGenerator g, OrderRef ref) throws IOException {
        switch (ref) {
            case OrderRef.ById byId -> g.writeNumberField("order_id", byId.orderId());
            case OrderRef.ByClientId byClientId -> g.writeStringField("client_order_id", byClientId.clientOrderId());
        }
    }

    private static void id(JsonGenerator g, Long id) throws IOException {
        if (id != null) {
            g.writeNumberField("id", id);
        }
    }

    private static void nullableNumber(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    private static void decimal(JsonGenerator g, String name, Decimal value) throws IOException {
        g.writeStringField(name, value.toString());
    }

    private static void nullableDecimal(JsonGenerator g, String name, Decimal value) throws IOException {
        g.writeStringField(name, value == null ? null : value.toString());
    }
}
