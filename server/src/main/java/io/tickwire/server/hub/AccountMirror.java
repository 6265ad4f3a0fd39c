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
            }
        }
    }

    EventPayload.AccountSnapshot snapshot() {
        return new EventPayload.AccountSnapshot(new ArrayList<>(balances.values()), new ArrayList<>(openOrders.values()));
    }
}
