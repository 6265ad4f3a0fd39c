package io.tickwire.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.OrderResult;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Unknown;
import java.io.IOException;

/**
 * Writes messages with Jackson's streaming generator. Field order is fixed (type first, then the
 * envelope, then the payload) so that the same message always yields the same bytes. Optional
 * fields that are absent are left out, except where the protocol shows them as {@code null}
 * (receipt, gap, order state). Event payloads are {@link PayloadWriter}'s.
 */
final class MessageWriter {
    private static final SerializableString F_ID = new SerializedString("id");

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
                if (m.canceled() != null) {
                    g.writeNumberField("canceled", m.canceled());
                }
                if (m.results() != null) {
                    g.writeArrayFieldStart("results");
                    for (OrderResult r : m.results()) {
                        g.writeStartObject();
                        g.writeStringField("status", r.status().wire());
                        nullableNumber(g, "order_id", r.orderId());
                        g.writeStringField("client_order_id", r.clientOrderId());
                        g.writeStringField("code", r.code());
                        g.writeStringField("message", r.message());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
            }
            case ServerMessage.CancelAllAfter m -> {
                id(g, m.id());
                nullableNumber(g, "trigger_at", m.triggerAt());
            }
            case ServerMessage.CancelOnDisconnect m -> {
                id(g, m.id());
                g.writeBooleanField("enabled", m.enabled());
            }
            case ServerMessage.ErrorMessage m -> {
                id(g, m.id());
                g.writeStringField("code", m.code());
                g.writeStringField("message", m.message());
                if (m.field() != null) {
                    g.writeStringField("field", m.field());
                }
                if (m.retryAfterMs() != null) {
                    g.writeNumberField("retry_after_ms", m.retryAfterMs());
                }
            }
            case ServerMessage.Notice m -> {
                g.writeStringField("code", m.code());
                g.writeStringField("message", m.message());
                if (m.reconnectAfterMs() != null) {
                    g.writeNumberField("reconnect_after_ms", m.reconnectAfterMs());
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
                PayloadWriter.payload(e.data(), g);
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
            case ClientMessage.OrderPlace m -> orderFields(g, m);
            case ClientMessage.OrderBatch m -> {
                g.writeArrayFieldStart("orders");
                for (ClientMessage.OrderPlace order : m.orders()) {
                    g.writeStartObject();
                    orderFields(g, order);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case ClientMessage.OrderCancelAllAfter m -> g.writeNumberField("timeout_ms", m.timeoutMs());
            case ClientMessage.SessionCancelOnDisconnect m -> g.writeBooleanField("enabled", m.enabled());
            case ClientMessage.OrderCancel m -> orderRef(g, m.order());
            case ClientMessage.OrderCancelAll m -> {
                if (m.market() != null) {
                    g.writeStringField("market", m.market());
                }
            }
            case ClientMessage.OrderAmend m -> {
                orderRef(g, m.order());
                if (m.price() != null) {
                    PayloadWriter.decimal(g, PayloadWriter.F_PRICE, m.price());
                }
                if (m.qty() != null) {
                    PayloadWriter.decimal(g, PayloadWriter.F_QTY, m.qty());
                }
                if (m.deadline() != null) {
                    g.writeNumberField("deadline", m.deadline());
                }
            }
            case Unknown u -> throw new AssertionError("written raw above");
        }
        g.writeEndObject();
    }

    /** An {@code order.place}'s fields, also those of each order of an {@code order.batch}. */
    private static void orderFields(JsonGenerator g, ClientMessage.OrderPlace m) throws IOException {
        g.writeStringField("market", m.market());
        g.writeStringField("side", m.side().wire());
        g.writeStringField("order_type", m.orderType().wire());
        g.writeStringField("tif", m.tif().wire());
        if (m.price() != null) {
            PayloadWriter.decimal(g, PayloadWriter.F_PRICE, m.price());
        }
        PayloadWriter.decimal(g, PayloadWriter.F_QTY, m.qty());
        if (m.clientOrderId() != null) {
            g.writeStringField("client_order_id", m.clientOrderId());
        }
        if (m.deadline() != null) {
            g.writeNumberField("deadline", m.deadline());
        }
    }

    private static void orderRef(JsonGenerator g, OrderRef ref) throws IOException {
        switch (ref) {
            case OrderRef.ById byId -> g.writeNumberField("order_id", byId.orderId());
            case OrderRef.ByClientId byClientId -> g.writeStringField("client_order_id", byClientId.clientOrderId());
        }
    }

    private static void id(JsonGenerator g, Long id) throws IOException {
        if (id != null) {
            g.writeFieldName(F_ID);
            g.writeNumber(id);
        }
    }

    private static void nullableNumber(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }
}
