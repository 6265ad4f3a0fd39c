package io.tickwire.server.hub;

import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A user's balances and open orders as the released account events describe them. Hub thread only. */
final class AccountMirror {
    private final TreeMap<String, Balance> balances = new TreeMap<>();
    private final TreeMap<Long, Order> openOrders = new TreeMap<>();
    /** Recently closed orders, for REST lookups by id or client id after they leave the book. */
    private final java.util.LinkedHashMap<Long, Order> closed = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, Order> eldest) {
            return size() > 1000;
        }
    };

    void load(List<Balance> balanceList, List<Order> orders) {
        balanceList.forEach(b -> balances.put(b.asset(), b));
        orders.forEach(o -> openOrders.put(o.orderId(), o));
    }

    void apply(EventPayload payload) {
        if (payload instanceof EventPayload.BalanceUpdate update) {
            balances.put(update.balance().asset(), update.balance());
        } else if (payload instanceof EventPayload.OrderUpdate update) {
            if (update.order().isOpen()) {
                openOrders.put(update.order().orderId(), update.order());
            } else {
                openOrders.remove(update.order().orderId());
                closed.put(update.order().orderId(), update.order());
            }
        }
    }

    List<Balance> balances() {
        return new ArrayList<>(balances.values());
    }

    List<Order> openOrders() {
        return new ArrayList<>(openOrders.values());
    }

    /** An open or recently closed order, or {@code null}. */
    Order order(long orderId) {
        Order open = openOrders.get(orderId);
        return open != null ? open : closed.get(orderId);
    }

    /** The newest order (open or recently closed) with this client id, or {@code null}. */
    Order orderByClientId(String clientOrderId) {
        Order found = null;
        for (Order o : closed.values()) {
            if (clientOrderId.equals(o.clientOrderId())) {
                found = o;
            }
        }
        for (Order o : openOrders.values()) {
            if (clientOrderId.equals(o.clientOrderId())) {
                found = o;
            }
        }
        return found;
    }

    EventPayload.AccountSnapshot snapshot() {
        return new EventPayload.AccountSnapshot(new ArrayList<>(balances.values()), new ArrayList<>(openOrders.values()));
    }
}
