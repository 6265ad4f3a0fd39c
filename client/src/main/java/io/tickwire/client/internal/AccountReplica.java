package io.tickwire.client.internal;

import io.tickwire.client.account.AccountMirror;

import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SDK's own {@link AccountMirror}, kept by the client's loop: not API (its {@code apply} is the
 * client's). See {@link AccountMirror} for what it promises.
 */
public final class AccountReplica implements AccountMirror {
    private final TreeMap<String, Balance> balances = new TreeMap<>();
    private final TreeMap<Long, Order> openOrders = new TreeMap<>();
    private String epoch;
    private long seq = -1;

    /** A hole in the account stream: events {@code expected} up to {@code received - 1} were not seen. */
    public record Hole(long expected, long received) {
    }

    /**
     * Applies an account stream event.
     *
     * @return the hole this event revealed (the mirror is then stale until resumed), or empty
     */
    public synchronized Optional<Hole> apply(StreamEvent event) {
        if (event.data() instanceof EventPayload.AccountSnapshot snapshot) {
            balances.clear();
            openOrders.clear();
            snapshot.balances().forEach(b -> balances.put(b.asset(), b));
            snapshot.openOrders().forEach(o -> openOrders.put(o.orderId(), o));
            epoch = event.epoch();
            seq = event.seq();
            return Optional.empty();
        }
        if (seq < 0) {
            return Optional.empty(); // nothing to apply to before the first snapshot
        }
        if (event.epoch().equals(epoch) && event.seq() <= seq) {
            return Optional.empty(); // duplicate
        }
        if (!event.epoch().equals(epoch) || event.seq() != seq + 1) {
            return Optional.of(new Hole(seq + 1, event.seq()));
        }
        seq = event.seq();
        switch (event.data()) {
            case EventPayload.BalanceUpdate update -> balances.put(update.balance().asset(), update.balance());
            case EventPayload.OrderUpdate update -> {
                if (update.order().isOpen()) {
                    openOrders.put(update.order().orderId(), update.order());
                } else {
                    openOrders.remove(update.order().orderId());
                }
            }
            default -> {
                // trades and newer event types advance the cursor only
            }
        }
        return Optional.empty();
    }

    /** The balance of {@code asset}, if the account has one. */
    @Override
    public synchronized Optional<Balance> balance(String asset) {
        return Optional.ofNullable(balances.get(asset));
    }

    @Override
    public synchronized List<Balance> balances() {
        return new ArrayList<>(balances.values());
    }

    /** Open orders, oldest first. */
    @Override
    public synchronized List<Order> openOrders() {
        return new ArrayList<>(openOrders.values());
    }

    @Override
    public synchronized Optional<Order> openOrder(long orderId) {
        return Optional.ofNullable(openOrders.get(orderId));
    }

    /** The last event applied; resume the account stream after it. */
    @Override
    public synchronized long seq() {
        return seq;
    }

    @Override
    public synchronized String epoch() {
        return epoch;
    }

    /** A copy of the open orders by client id (orders without one are left out). */
    @Override
    public synchronized Map<String, Order> openOrdersByClientId() {
        Map<String, Order> map = new TreeMap<>();
        openOrders.values().forEach(o -> {
            if (o.clientOrderId() != null) {
                map.put(o.clientOrderId(), o);
            }
        });
        return map;
    }
}
