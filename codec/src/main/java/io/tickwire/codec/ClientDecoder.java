package io.tickwire.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.ClientOrderIds;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.protocol.message.Unknown;
import java.util.List;

/** Reads each client message type from its JSON object. */
final class ClientDecoder {

    /** A JWT of any sane size fits; a larger "token" is an attack or a mistake. */
    static final int MAX_TOKEN_LENGTH = 8192;
    /** Orders read from one {@code order.batch}; beyond the batch limit, so the engine can say batch_too_large. */
    static final int MAX_BATCH_DECODED = 100;

    private ClientDecoder() {
    }

    static ClientMessage decode(JsonNode object, Long id, String type, JsonCodec.RawJson raw) {
        FieldReader f = FieldReader.of(object);
        return switch (type) {
            case ClientMessage.Auth.TYPE -> new ClientMessage.Auth(id, f.string("token", MAX_TOKEN_LENGTH));
            case ClientMessage.Subscribe.TYPE -> new ClientMessage.Subscribe(id, f.topic("topic"),
                    f.optionalCursor("since"));
            case ClientMessage.Unsubscribe.TYPE -> new ClientMessage.Unsubscribe(id, f.topic("topic"));
            case ClientMessage.Ping.TYPE -> new ClientMessage.Ping(id);
            case ClientMessage.OrderPlace.TYPE -> orderPlace(f, id);
            case ClientMessage.OrderCancel.TYPE -> new ClientMessage.OrderCancel(id, orderRef(f));
            case ClientMessage.OrderAmend.TYPE -> orderAmend(f, id);
            case ClientMessage.OrderCancelAll.TYPE -> new ClientMessage.OrderCancelAll(id,
                    f.present("market") ? f.market("market") : null);
            case ClientMessage.OrderBatch.TYPE -> orderBatch(f, id);
            case ClientMessage.OrderCancelAllAfter.TYPE -> new ClientMessage.OrderCancelAllAfter(id, timeout(f));
            case ClientMessage.SessionCancelOnDisconnect.TYPE -> new ClientMessage.SessionCancelOnDisconnect(id,
                    f.bool("enabled"));
            default -> new Unknown(type, id, raw.text());
        };
    }

    /**
     * Up to {@link #MAX_BATCH_DECODED} orders are read, so a batch a little too large is answered
     * with the engine's {@code batch_too_large} receipt rather than a parse error; more is refused here.
     */
    private static ClientMessage orderBatch(FieldReader f, Long id) {
        List<ClientMessage.OrderPlace> orders = f.array("orders", MAX_BATCH_DECODED, e -> orderPlace(e.object(), null));
        if (orders.isEmpty()) {
            throw DecodeFailure.badField("orders", "must hold 1 to " + ClientMessage.OrderBatch.MAX_ORDERS + " orders");
        }
        return new ClientMessage.OrderBatch(id, orders);
    }

    private static long timeout(FieldReader f) {
        long timeout = f.nonNegativeLong("timeout_ms");
        if (timeout != 0 && (timeout < ClientMessage.OrderCancelAllAfter.MIN_TIMEOUT_MS
                || timeout > ClientMessage.OrderCancelAllAfter.MAX_TIMEOUT_MS)) {
            throw DecodeFailure.badField("timeout_ms", "must be 0 (disarm) or "
                    + ClientMessage.OrderCancelAllAfter.MIN_TIMEOUT_MS + " to "
                    + ClientMessage.OrderCancelAllAfter.MAX_TIMEOUT_MS);
        }
        return timeout;
    }

    private static ClientMessage.OrderPlace orderPlace(FieldReader f, Long id) {
        String market = f.market("market");
        Side side = f.enumValue("side", Side.values());
        OrderType orderType = f.enumValue("order_type", OrderType.values());
        TimeInForce tif = f.enumValue("tif", TimeInForce.values());
        Decimal price = f.optionalDecimal("price");
        if (orderType == OrderType.LIMIT && price == null) {
            throw DecodeFailure.badField(f.path("price"), "is required for a limit order");
        }
        if (orderType == OrderType.MARKET && price != null) {
            throw DecodeFailure.badField(f.path("price"), "must be absent for a market order");
        }
        Decimal qty = f.decimal("qty");
        String clientOrderId = clientOrderId(f);
        return new ClientMessage.OrderPlace(id, market, side, orderType, tif, price, qty, clientOrderId,
                deadline(f));
    }

    private static ClientMessage orderAmend(FieldReader f, Long id) {
        OrderRef order = orderRef(f);
        Decimal price = f.optionalDecimal("price");
        Decimal qty = f.optionalDecimal("qty");
        if (price == null && qty == null) {
            throw DecodeFailure.badField("qty", "or price is required: an amend changes at least one");
        }
        return new ClientMessage.OrderAmend(id, order, price, qty, deadline(f));
    }

    /** {@code deadline} (1.1): optional, ms since the epoch, positive. */
    private static Long deadline(FieldReader f) {
        Long deadline = f.optionalNonNegativeLong("deadline");
        if (deadline != null && deadline == 0) {
            throw DecodeFailure.badField(f.path("deadline"), "must be a time in ms since the Unix epoch");
        }
        return deadline;
    }

    private static OrderRef orderRef(FieldReader f) {
        boolean byId = f.present("order_id");
        boolean byClientId = f.present("client_order_id");
        if (byId == byClientId) {
            throw DecodeFailure.badField("order_id", byId
                    ? "and client_order_id are exclusive: name the order by one of them"
                    : "or client_order_id is required");
        }
        if (byId) {
            return OrderRef.byId(f.nonNegativeLong("order_id"));
        }
        return OrderRef.byClientId(clientOrderId(f));
    }

    private static String clientOrderId(FieldReader f) {
        String clientOrderId = f.optionalString("client_order_id", ClientOrderIds.MAX_LENGTH);
        if (clientOrderId != null && !ClientOrderIds.isValid(clientOrderId)) {
            throw DecodeFailure.badField(f.path("client_order_id"),
                    "must be 1 to " + ClientOrderIds.MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -");
        }
        return clientOrderId;
    }
}
