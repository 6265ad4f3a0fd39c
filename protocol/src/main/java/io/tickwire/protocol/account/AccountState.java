package io.tickwire.protocol.account;

import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user's balances and open orders, folded from the account stream's events: the one fold that
 * both the server's account mirror and the SDK's use, so they cannot disagree about what an
 * event does (as {@link io.tickwire.protocol.book.BookLevels} is for books). A balance update
 * replaces the asset's balance; an order update replaces the order while it is open and removes
 * it once it is not; other events change nothing. Not thread-safe: its owner guards it.
 */
public final class AccountState {
    private final TreeMap<String, Balance> balances = new TreeMap<>();
    /** By order id, so oldest first. */
    private final TreeMap<Long, Order> openOrders = new TreeMap<>();

    /** Replaces the whole state (a snapshot, or what the engine recovered). */
    public void load(List<Balance> balanceList, List<Order> open) {
        balances.clear();
        openOrders.clear();
        balanceList.forEach(b -> balances.put(b.asset(), b));
        open.forEach(o -> openOrders.put(o.orderId(), o));
    }

    /**
     * Folds one event of the account stream.
     *
     * @return the order this event closed (filled, cancelled, rejected), or {@code null}
     */
    public Order apply(EventPayload payload) {
        switch (payload) {
            case EventPayload.BalanceUpdate update -> balances.put(update.balance().asset(), update.balance());
            case EventPayload.OrderUpdate update -> {
                Order order = update.order();
                if (order.isOpen()) {
                    openOrders.put(order.orderId(), order);
                } else {
                    openOrders.remove(order.orderId());
                    return order;
                }
            }
            case EventPayload.AccountSnapshot snapshot -> load(snapshot.balances(), snapshot.openOrders());
            default -> {
                // trades and other events do not change balances or open orders by themselves
            }
        }
        return null;
    }

    /** The balance of {@code asset}, or {@code null} when the account has none. */
    public Balance balance(String asset) {
        return balances.get(asset);
    }

    /** Every balance, by asset name. */
    public List<Balance> balances() {
        return new ArrayList<>(balances.values());
    }

    /** Open orders, oldest first. */
    public List<Order> openOrders() {
        return new ArrayList<>(openOrders.values());
    }

    /** The open order {@code orderId}, or {@code null}. */
    public Order openOrder(long orderId) {
        return openOrders.get(orderId);
    }

    /** The newest open order with this client id, or {@code null}. */
    public Order openOrderByClientId(String clientOrderId) {
        Order found = null;
        for (Order o : openOrders.values()) {
            if (clientOrderId.equals(o.clientOrderId())) {
                found = o;
            }
        }
        return found;
    }

    /** A copy of the open orders by client id (orders without one are left out). */
    public Map<String, Order> openOrdersByClientId() {
        Map<String, Order> map = new TreeMap<>();
        openOrders.values().forEach(o -> {
            if (o.clientOrderId() != null) {
                map.put(o.clientOrderId(), o);
            }
        });
        return map;
    }

    /** The state as an {@code account.snapshot} payload. */
    public EventPayload.AccountSnapshot snapshot() {
        return new EventPayload.AccountSnapshot(balances(), openOrders());
    }
}
