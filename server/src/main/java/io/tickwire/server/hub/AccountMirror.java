package io.tickwire.server.hub;

import io.tickwire.protocol.account.AccountState;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

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
    /** Balances and open orders: the fold the SDK's mirror uses too. */
    private final AccountState state = new AccountState();
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
        state.load(balanceList, open);
        recentlyClosed.forEach(o -> closed.put(o.orderId(), o));
    }

    void apply(EventPayload payload) {
        Order closedNow = state.apply(payload);
        if (closedNow != null) {
            closed.put(closedNow.orderId(), closedNow);
        }
    }

    List<Balance> balances() {
        return state.balances();
    }

    /** The recently closed orders kept, oldest first. */
    List<Order> recentlyClosed() {
        return List.copyOf(closed.values());
    }

    List<Order> openOrders() {
        return state.openOrders();
    }

    /** An open or recently closed order, or {@code null}. */
    Order order(long orderId) {
        Order open = state.openOrder(orderId);
        return open != null ? open : closed.get(orderId);
    }

    /** The newest order (open or recently closed) with this client id, or {@code null}. */
    Order orderByClientId(String clientOrderId) {
        Order open = state.openOrderByClientId(clientOrderId);
        if (open != null) {
            return open;
        }
        Order found = null;
        for (Order o : closed.values()) {
            if (clientOrderId.equals(o.clientOrderId())) {
                found = o;
            }
        }
        return found;
    }

    EventPayload.AccountSnapshot snapshot() {
        return state.snapshot();
    }
}
