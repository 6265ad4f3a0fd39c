package io.tickwire.engine.book;

import io.tickwire.engine.market.MarketRegistry;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * One user's balances (available and frozen, per asset, as fixed-point longs at the asset's
 * scale) and orders: the open ones, and the most recent closed ones so that a retried
 * {@code client_order_id} is still recognised and a late cancel gets {@code order_not_open}.
 */
public final class UserAccount {
    private final long userId;
    final long[] avail;
    final long[] frozen;
    private final long[] reportedStamp;
    /**
     * Open orders by id, apart from the closed ones: amends and cancels look up open orders, and
     * this map stays small enough to sit in cache while the closed ones pile up.
     */
    private final Long2ObjectHashMap<RestingOrder> open = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<RestingOrder> closed = new Long2ObjectHashMap<>();
    /** The closed orders again, oldest first, in a ring: the oldest is forgotten when it is full. */
    private final int closedOrdersKept;
    /** Grows by doubling up to {@link #closedOrdersKept}: most accounts never close that many. */
    private RestingOrder[] closedRing = new RestingOrder[0];
    private int closedOldest;
    private int closedCount;
    private final Map<String, RestingOrder> byClientId = new HashMap<>();

    UserAccount(long userId, int assets, int closedOrdersKept) {
        this.userId = userId;
        this.avail = new long[assets];
        this.frozen = new long[assets];
        this.reportedStamp = new long[assets];
        Arrays.fill(reportedStamp, -1);
        this.closedOrdersKept = closedOrdersKept;
    }

    public long userId() {
        return userId;
    }

    public long avail(int assetId) {
        return avail[assetId];
    }

    public long frozen(int assetId) {
        return frozen[assetId];
    }

    /** Moves {@code amount} from available to frozen; the caller has checked it is there. */
    public void freeze(int assetId, long amount) {
        avail[assetId] -= amount;
        frozen[assetId] += amount;
    }

    /** Moves {@code amount} from frozen back to available. */
    public void release(int assetId, long amount) {
        frozen[assetId] -= amount;
        avail[assetId] += amount;
    }

    public void credit(int assetId, long amount) {
        avail[assetId] = Math.addExact(avail[assetId], amount);
    }

    public void debitAvail(int assetId, long amount) {
        avail[assetId] -= amount;
    }

    public void debitFrozen(int assetId, long amount) {
        frozen[assetId] -= amount;
    }

    /** Marks the asset reported in the command {@code stamp}; false if it already was. */
    public boolean markReported(int assetId, long stamp) {
        if (reportedStamp[assetId] == stamp) {
            return false;
        }
        reportedStamp[assetId] = stamp;
        return true;
    }

    /** Registers a newly accepted order. */
    public void opened(RestingOrder order) {
        open.put(order.orderId(), order);
        if (order.clientOrderId() != null) {
            byClientId.put(order.clientOrderId(), order);
        }
    }

    /** Moves an order from open to recently closed, forgetting the oldest closed one when full. */
    public void closed(RestingOrder order) {
        open.remove(order.orderId());
        remember(order);
    }

    private void remember(RestingOrder order) {
        if (closedOrdersKept == 0) {
            forget(order);
            return;
        }
        closed.put(order.orderId(), order);
        if (closedCount == closedRing.length && closedCount < closedOrdersKept) {
            growRing();
        }
        if (closedCount == closedRing.length) {
            forget(closedRing[closedOldest]);
            closedRing[closedOldest] = order;
            if (++closedOldest == closedRing.length) {
                closedOldest = 0;
            }
        } else {
            closedRing[(closedOldest + closedCount++) % closedRing.length] = order;
        }
    }

    private void growRing() {
        RestingOrder[] grown = new RestingOrder[(int) Math.min(closedOrdersKept, Math.max(16L,
                2L * closedRing.length))];
        for (int i = 0; i < closedCount; i++) {
            grown[i] = closedAt(i);
        }
        closedRing = grown;
        closedOldest = 0;
    }

    /** The {@code i}-th oldest closed order kept. */
    private RestingOrder closedAt(int i) {
        return closedRing[(closedOldest + i) % closedRing.length];
    }

    private void forget(RestingOrder order) {
        closed.remove(order.orderId());
        String clientId = order.clientOrderId();
        if (clientId != null && byClientId.get(clientId) == order) {
            byClientId.remove(clientId);
        }
    }

    /** An open or recently closed order by id, or {@code null}. */
    public RestingOrder order(long orderId) {
        RestingOrder order = open.get(orderId);
        return order != null ? order : closed.get(orderId);
    }

    /** An open or recently closed order by client id, or {@code null}. */
    public RestingOrder orderByClientId(String clientOrderId) {
        return byClientId.get(clientOrderId);
    }

    /** Open orders, oldest (lowest id) first. */
    public List<RestingOrder> openOrders() {
        List<RestingOrder> orders = new ArrayList<>(open.values());
        orders.sort(Comparator.comparingLong(RestingOrder::orderId));
        return orders;
    }

    public int openOrderCount() {
        return open.size();
    }

    /** Writes balances, open orders (by id) and recently closed orders (oldest first). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(userId);
        for (int a = 0; a < avail.length; a++) {
            out.writeLong(avail[a]);
            out.writeLong(frozen[a]);
        }
        List<RestingOrder> openOrders = openOrders();
        out.writeInt(openOrders.size());
        for (RestingOrder order : openOrders) {
            order.writeTo(out);
        }
        out.writeInt(closedCount);
        for (int i = 0; i < closedCount; i++) {
            closedAt(i).writeTo(out);
        }
    }

    /** Reads what {@link #writeTo} wrote; the open orders are returned for the books to take back. */
    List<RestingOrder> readFrom(DataInput in, MarketRegistry markets)
            throws IOException {
        for (int a = 0; a < avail.length; a++) {
            avail[a] = in.readLong();
            frozen[a] = in.readLong();
        }
        int openCount = in.readInt();
        List<RestingOrder> openOrders = new ArrayList<>(openCount);
        for (int i = 0; i < openCount; i++) {
            RestingOrder order = RestingOrder.readFrom(in, markets, this);
            opened(order);
            openOrders.add(order);
        }
        int closedCount = in.readInt();
        for (int i = 0; i < closedCount; i++) {
            RestingOrder order = RestingOrder.readFrom(in, markets, this);
            if (order.clientOrderId() != null) {
                byClientId.put(order.clientOrderId(), order);
            }
            remember(order);
        }
        return openOrders;
    }

    /** Recently closed orders, oldest first. */
    public List<RestingOrder> recentClosedOrders() {
        List<RestingOrder> closed = new ArrayList<>(closedCount);
        for (int i = 0; i < closedCount; i++) {
            closed.add(closedAt(i));
        }
        return closed;
    }
}
