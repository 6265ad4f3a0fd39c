package io.tickwire.engine.match;

import io.tickwire.engine.command.Command;
import io.tickwire.protocol.message.CancelReason;
import org.agrona.collections.LongHashSet;

/**
 * Cancel on disconnect ({@code session.cancel_on_disconnect}): which connection placed an order
 * is not engine state, so the gateway names the orders a connection placed when it ends, in one
 * {@code CancelDisconnected} command; the engine cancels those still open and owned by the user,
 * market by market, with reason {@code disconnect}. The engine's thread only, inside a command of
 * {@link MatchingEngine}.
 */
final class DisconnectCancels {
    private final CommandContext current;
    private final OrderCancels cancels;

    DisconnectCancels(CommandContext current, OrderCancels cancels) {
        this.current = current;
        this.cancels = cancels;
    }

    void cancel(Command.CancelDisconnected c) {
        LongHashSet ids = new LongHashSet(c.orderIds().size() * 2);
        c.orderIds().forEach(ids::add);
        current.events.canceledAll(c, cancels.cancelOpenOrders(c.userId(), null, CancelReason.DISCONNECT,
                order -> ids.contains(order.orderId())));
    }
}
