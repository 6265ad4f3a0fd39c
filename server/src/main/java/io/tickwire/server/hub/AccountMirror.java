package io.tickwire.server.hub;

import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.TreeMap;

/**
 * A user's balances, open orders and recently closed orders as the released account events
 * describe them. Hub thread only.
 *
 * <p>It keeps as many closed orders as the engine does ({@code closed_orders_kept}), in the same
 * order of closing, and is loaded with the engine's at start: so REST finds a closed order for
 * exactly as long as the engine remembers it (and refuses its client id as a duplicate), across
 * restarts too.
 */
final class AccountMirror {
    private final TreeMap<String, Balance> balances = new TreeMap<>();
    private final TreeMap<Long, Order> openOrders = new TreeMap<>();
    /** Recently closed orders, oldest first, for REST lookups by id or client id after they leave the book. */
    private final LinkedHashMap<Long, Order> closed;

    AccountMirror(int closedKept) {
        this.closed = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Order> eldest) {
                return size() > closedKept;
            }
        };
    }

    /** Loads the recovered state: balances, open orders, and closed orders oldest first. */
    void load(List<Balance> balanceList, List<Order> open, List<Order> recentlyClosed) {
        balanceList.forEach(b -> balances.put(b.asset(), b));
        open.forEach(o -> openOrders.put(o.orderId(), o));
        recentlyClosed.forEach(o -> closed.put(o.orderId(), o));
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
        return new EventPayload.AccountSnapshot(new ArrayList<>(balances.values()),
                new ArrayList<>(openOrders.values()));
    }
}
