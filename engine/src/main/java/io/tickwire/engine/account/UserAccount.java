package io.tickwire.engine.account;

import io.tickwire.engine.book.RestingOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private final Long2ObjectHashMap<RestingOrder> open = new Long2ObjectHashMap<>();
    private final LinkedHashMap<Long, RestingOrder> recentClosed;
    private final Map<String, RestingOrder> byClientId = new HashMap<>();

    UserAccount(long userId, int assets, int closedOrdersKept) {
        this.userId = userId;
        this.avail = new long[assets];
        this.frozen = new long[assets];
        this.reportedStamp = new long[assets];
        java.util.Arrays.fill(reportedStamp, -1);
        this.recentClosed = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, RestingOrder> eldest) {
                if (size() <= closedOrdersKept) {
                    return false;
                }
                String clientId = eldest.getValue().clientOrderId();
                if (clientId != null && byClientId.get(clientId) == eldest.getValue()) {
                    byClientId.remove(clientId);
                }
                return true;
            }
        };
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

    /** Moves an order from open to recently closed. */
    public void closed(RestingOrder order) {
        open.remove(order.orderId());
        recentClosed.put(order.orderId(), order);
    }

    /** An open or recently closed order by id, or {@code null}. */
    public RestingOrder order(long orderId) {
        RestingOrder order = open.get(orderId);
        return order != null ? order : recentClosed.get(orderId);
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
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
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
        out.writeInt(recentClosed.size());
        for (RestingOrder order : recentClosed.values()) {
            order.writeTo(out);
        }
    }

    /** Reads what {@link #writeTo} wrote; the open orders are returned for the books to take back. */
    List<RestingOrder> readFrom(java.io.DataInput in, io.tickwire.engine.market.MarketRegistry markets)
            throws java.io.IOException {
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
            recentClosed.put(order.orderId(), order);
        }
        return openOrders;
    }

    /** Recently closed orders, oldest first. */
    public List<RestingOrder> recentClosedOrders() {
        return new ArrayList<>(recentClosed.values());
    }
}
