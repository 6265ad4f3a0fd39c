package io.tickwire.client.account;

import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.Order;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's balances and open orders, from {@code account.snapshot} and the account events
 * after it. It checks that events are dense ({@code seq} + 1 in the same epoch) and reports a
 * hole instead of hiding it: the caller resumes from {@link #seq()} (the account stream must not
 * lose events) or reloads a snapshot. Duplicates at or below the current seq are ignored.
 * Thread-safe, and read-only: the client keeps it ({@link io.tickwire.client.AccountSubscription#account()}).
 */
public interface AccountMirror {

    /** The balance of {@code asset}, if the account has one. */
    Optional<Balance> balance(String asset);

    /** Every balance the account has, by asset. */
    List<Balance> balances();

    /** Open orders, oldest first. */
    List<Order> openOrders();

    /** The open order {@code orderId}, if it is open. */
    Optional<Order> openOrder(long orderId);

    /** The last event applied; resume the account stream after it. */
    long seq();

    /** The epoch of {@link #seq()}. */
    String epoch();

    /** A copy of the open orders by client id (orders without one are left out). */
    Map<String, Order> openOrdersByClientId();
}
