package io.tickwire.server.gateway.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.hub.Hub;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The caller's own account, from the hub's durable mirror: {@code GET /api/v1/orders} (open, or by
 * client order id), {@code /orders/{id}} and {@code /balances}.
 */
final class AccountReads {
    private final Hub hub;
    private final JsonCodec codec;

    AccountReads(Hub hub, JsonCodec codec) {
        this.hub = hub;
        this.codec = codec;
    }

    void orders(RestExchange ex, Principal p) {
        List<String> clientIds = ex.parameters().get("client_order_id");
        List<String> status = ex.parameters().get("status");
        String clientId = clientIds == null || clientIds.isEmpty() ? null : clientIds.get(0);
        if (clientId == null && (status == null || !status.contains("open"))) {
            throw new BadRequest("use ?status=open or ?client_order_id=X");
        }
        hub.account(p.userId(), 0, clientId).whenCompleteAsync((view, failure) -> {
            if (failure != null) {
                ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "orders unavailable");
                return;
            }
            List<Order> orders = clientId != null ? (view.order() == null ? List.of() : List.of(view.order()))
                    : view.openOrders();
            ex.respond(HttpResponseStatus.OK, ex.json(g -> {
                g.writeStartArray();
                for (Order o : orders) {
                    g.writeRawValue(new String(codec.encodeData(new EventPayload.OrderUpdate(o)),
                            StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }));
        }, ex.executor());
    }

    void order(RestExchange ex, Principal p, long orderId) {
        hub.account(p.userId(), Math.max(orderId, 1), null).whenCompleteAsync((view, failure) -> {
            if (failure != null) {
                ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "order unavailable");
            } else if (view.order() == null || orderId == 0) {
                ex.error(HttpResponseStatus.NOT_FOUND, "unknown_order", "no order " + orderId
                        + " for this user");
            } else {
                ex.respond(HttpResponseStatus.OK,
                        codec.encodeData(new EventPayload.OrderUpdate(view.order())));
            }
        }, ex.executor());
    }

    void balances(RestExchange ex, Principal p) {
        hub.account(p.userId(), 0, null).whenCompleteAsync((view, failure) -> {
            if (failure != null) {
                ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "balances unavailable");
                return;
            }
            ex.respond(HttpResponseStatus.OK, ex.json(g -> {
                g.writeStartArray();
                for (Balance b : view.balances()) {
                    g.writeRawValue(new String(codec.encodeData(new EventPayload.BalanceUpdate(b)),
                            StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }));
        }, ex.executor());
    }
}
