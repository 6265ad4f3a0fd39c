package io.tickwire.client.internal;

import io.tickwire.client.account.AccountMirror;
import io.tickwire.protocol.account.AccountState;

import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.StreamEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SDK's own {@link AccountMirror}, kept by the client's loop: not API (its {@code apply} is the
 * client's). See {@link AccountMirror} for what it promises.
 */
public final class AccountReplica implements AccountMirror {
    /** Balances and open orders: the fold the server's mirror uses too. */
    private final AccountState state = new AccountState();
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
            state.load(snapshot.balances(), snapshot.openOrders());
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
        state.apply(event.data()); // trades and newer event types advance the cursor only
        return Optional.empty();
    }

    @Override
    public synchronized Optional<Balance> balance(String asset) {
        return Optional.ofNullable(state.balance(asset));
    }

    @Override
    public synchronized List<Balance> balances() {
        return state.balances();
    }

    @Override
    public synchronized List<Order> openOrders() {
        return state.openOrders();
    }

    @Override
    public synchronized Optional<Order> openOrder(long orderId) {
        return Optional.ofNullable(state.openOrder(orderId));
    }

    @Override
    public synchronized long seq() {
        return seq;
    }

    @Override
    public synchronized String epoch() {
        return epoch;
    }

    @Override
    public synchronized Map<String, Order> openOrdersByClientId() {
        return state.openOrdersByClientId();
    }
}
