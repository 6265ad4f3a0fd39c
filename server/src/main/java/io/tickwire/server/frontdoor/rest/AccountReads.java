package io.tickwire.server.frontdoor.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.hub.Hub;
import io.tickwire.journal.EventHistory;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.ReadResult;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller's own account: {@code GET /api/v1/orders} (open, or by client order id, from the hub's
 * durable mirror; all or closed, from the journal), {@code /orders/{id}} and {@code /balances}.
 */
final class AccountReads {
    /**
     * The order history reads the user's newest account events, at most this many: what it
     * answers is every order whose last update is among them (and still held by the journal).
     */
    static final int HISTORY_EVENTS = 20_000;
    /** Orders per history page: the default and the most. */
    static final int HISTORY_PAGE = 100;
    static final int HISTORY_PAGE_MAX = 1000;
    private static final int READ_CHUNK = 1000;

    private final Hub hub;
    private final JsonCodec codec;
    private final ReadPool reads;

    AccountReads(Hub hub, JsonCodec codec, ReadPool reads) {
        this.hub = hub;
        this.codec = codec;
        this.reads = reads;
    }

    void orders(RestExchange ex, Principal p) {
        String clientId = ex.param("client_order_id");
        String status = ex.param("status");
        if (clientId == null && ("all".equals(status) || "closed".equals(status))) {
            history(ex, p, "closed".equals(status));
            return;
        }
        if (clientId == null && !"open".equals(status)) {
            throw new BadRequest("status", "use ?status=open|closed|all or ?client_order_id=X");
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

    /**
     * {@code GET /api/v1/orders?status=all|closed}: the user's orders, newest (highest id) first, in
     * their latest state, as the user's newest {@link #HISTORY_EVENTS} account events describe them;
     * {@code market}, {@code start_time} and {@code end_time} (on {@code updated_at}, ms) filter,
     * {@code cursor} (the {@code next_cursor} of the page before) continues below that order id.
     */
    private void history(RestExchange ex, Principal p, boolean closedOnly) {
        String market = ex.param("market");
        long start = ex.longParam("start_time", 0, 0, Long.MAX_VALUE);
        long end = ex.longParam("end_time", Long.MAX_VALUE, 0, Long.MAX_VALUE);
        int limit = ex.intParam("limit", HISTORY_PAGE, 1, HISTORY_PAGE_MAX);
        long cursor = ex.longParam("cursor", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        reads.offload(ex, "history reads", () -> {
            String stream = JournalEvent.accountStream(p.userId());
            EventHistory history = hub.history();
            long head = history.lastSeq(stream);
            Map<Long, Order> latest = new HashMap<>();
            long after = Math.max(0, head - HISTORY_EVENTS);
            while (after < head) {
                ReadResult read = history.read(stream, after, READ_CHUNK);
                if (read instanceof ReadResult.Gap gap) {
                    after = gap.toSeq(); // no longer held: what follows still counts
                    continue;
                }
                if (!(read instanceof ReadResult.Events events) || events.events().isEmpty()) {
                    break;
                }
                for (JournalEvent e : events.events()) {
                    if (e.type().equals(EventPayload.OrderUpdate.TYPE) && CoreBatch.payload(e, history.epoch(),
                            codec) instanceof EventPayload.OrderUpdate update) {
                        latest.put(update.order().orderId(), update.order());
                    }
                    after = e.seq();
                }
            }
            List<Order> page = latest.values().stream()
                    .filter(o -> o.orderId() < cursor)
                    .filter(o -> !closedOnly || !o.isOpen())
                    .filter(o -> market == null || market.equals(o.symbol()))
                    .filter(o -> o.updatedAt() >= start && o.updatedAt() <= end)
                    .sorted(Comparator.comparingLong(Order::orderId).reversed())
                    .limit(limit + 1L)
                    .toList();
            boolean more = page.size() > limit;
            List<Order> orders = more ? page.subList(0, limit) : page;
            ex.respond(HttpResponseStatus.OK, ex.json(g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("orders");
                for (Order o : orders) {
                    g.writeRawValue(new String(codec.encodeData(new EventPayload.OrderUpdate(o)),
                            StandardCharsets.UTF_8));
                }
                g.writeEndArray();
                if (more) {
                    g.writeStringField("next_cursor", Long.toString(orders.get(orders.size() - 1).orderId()));
                } else {
                    g.writeNullField("next_cursor");
                }
                g.writeEndObject();
            }));
        });
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
