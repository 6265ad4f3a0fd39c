package io.tickwire.server.frontdoor;

import io.netty.util.concurrent.EventExecutor;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.Receipt;
import io.tickwire.protocol.message.Order;
import io.tickwire.server.core.OrderEntry;
import io.tickwire.server.hub.Hub;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.agrona.collections.LongHashSet;

/**
 * One connection's cancel on disconnect (protocol 1.1). While it is enabled, the orders the
 * connection places are noted from their receipts; when the connection ends, for any reason, one
 * command cancels those still open (the engine skips the rest). Receipts that come after the end
 * (a place in flight when the connection was cut) are canceled as they come.
 *
 * <p>Event loop only: receipts are observed on the hub thread and handed over. The noted ids are
 * pruned of closed orders against the hub's account mirror whenever they double, so a connection
 * that places orders all day holds about as many ids as the user has open orders.
 */
final class CancelOnDisconnect {
    /** Noted ids before the first pruning. */
    static final int PRUNE_FROM = 1024;
    /** A command the core's queue refused is offered again this often, this many times. */
    private static final long RETRY_MS = 10;
    private static final int RETRIES = 500;

    private final EventExecutor loop;
    private final OrderEntry core;
    private final Hub hub;
    private final LongSupplier requestIds;
    private final LongHashSet noted = new LongHashSet();
    private boolean enabled;
    private boolean ended;
    private long userId;
    private int pruneAt = PRUNE_FROM;
    private boolean pruning;

    CancelOnDisconnect(EventExecutor loop, OrderEntry core, Hub hub, LongSupplier requestIds) {
        this.loop = loop;
        this.core = core;
        this.hub = hub;
        this.requestIds = requestIds;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Turns it on or off for the user's later orders. Turning it off forgets what was noted: those
     * orders then stay when the connection ends, as the client asked.
     */
    void enable(boolean on, long user) {
        enabled = on;
        userId = user;
        if (!on) {
            noted.clear();
        }
    }

    /** The watcher of an order-placing command sent now, or {@code null} when disabled. */
    Consumer<Receipt> watcher() {
        return enabled ? receipt -> loop.execute(() -> placed(receipt)) : null;
    }

    private void placed(Receipt receipt) {
        List<Long> ids = new ArrayList<>();
        if (receipt.results() != null) {
            receipt.results().stream().filter(r -> r.accepted() && r.orderId() > 0).forEach(r -> ids.add(r.orderId()));
        } else if (receipt.accepted() && receipt.orderId() > 0) {
            ids.add(receipt.orderId());
        }
        if (ids.isEmpty() || !enabled) {
            return;
        }
        if (ended) {
            submit(ids, RETRIES);
            return;
        }
        noted.addAll(ids);
        if (noted.size() >= pruneAt && !pruning) {
            prune();
        }
    }

    /**
     * Drops the noted ids whose orders are closed. The hub's mirror already holds every order noted
     * so far (its receipt came in the batch the mirror applied), so an id it does not list as open
     * is closed for good.
     */
    private void prune() {
        pruning = true;
        LongHashSet candidates = new LongHashSet();
        candidates.addAll(noted);
        hub.account(userId, 0, null).whenComplete((view, failure) -> loop.execute(() -> {
            pruning = false;
            if (failure != null || view == null) {
                return;
            }
            LongHashSet open = new LongHashSet();
            for (Order order : view.openOrders()) {
                open.add(order.orderId());
            }
            candidates.forEach(id -> {
                if (!open.contains(id)) {
                    noted.remove(id);
                }
            });
            pruneAt = Math.max(PRUNE_FROM, noted.size() * 2);
        }));
    }

    /** The connection ended: cancel what it placed that is still open. */
    void ended() {
        ended = true;
        if (enabled && !noted.isEmpty()) {
            List<Long> ids = new ArrayList<>(noted.size());
            noted.forEach(ids::add);
            noted.clear();
            submit(ids, RETRIES);
        }
    }

    private void submit(List<Long> ids, int retries) {
        core.enqueue(new Command.CancelDisconnected(requestIds.getAsLong(), userId, ids)).whenComplete(
                (enqueued, failure) -> {
                    if (enqueued == OrderEntry.Enqueued.REFUSED && retries > 0) {
                        loop.schedule(() -> submit(ids, retries - 1), RETRY_MS, TimeUnit.MILLISECONDS);
                    }
                });
    }
}
