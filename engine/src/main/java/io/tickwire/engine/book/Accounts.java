package io.tickwire.engine.book;

import io.tickwire.engine.market.MarketRegistry;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Every user's account, plus the fees the venue has collected per asset. Owned by the engine
 * thread. {@link #all()} lists users in id order so that snapshots and audits are deterministic.
 */
public final class Accounts {
    private final int assets;
    private final int closedOrdersKept;
    private final Long2ObjectHashMap<UserAccount> users = new Long2ObjectHashMap<>();
    private final long[] feesCollected;

    public Accounts(int assets, int closedOrdersKept) {
        this.assets = assets;
        this.closedOrdersKept = closedOrdersKept;
        this.feesCollected = new long[assets];
    }

    /** The user's account, created empty on first use. */
    public UserAccount getOrCreate(long userId) {
        UserAccount account = users.get(userId);
        if (account == null) {
            account = new UserAccount(userId, assets, closedOrdersKept);
            users.put(userId, account);
        }
        return account;
    }

    /** The user's account, or {@code null} if the user has none. */
    public UserAccount get(long userId) {
        return users.get(userId);
    }

    /** Every account, in user id order. */
    public List<UserAccount> all() {
        List<UserAccount> all = new ArrayList<>(users.values());
        all.sort(Comparator.comparingLong(UserAccount::userId));
        return all;
    }

    /** Writes every account in user id order, and the fees. */
    public void writeTo(DataOutput out) throws IOException {
        for (long fee : feesCollected) {
            out.writeLong(fee);
        }
        List<UserAccount> all = all();
        out.writeInt(all.size());
        for (UserAccount account : all) {
            account.writeTo(out);
        }
    }

    /** Reads what {@link #writeTo} wrote into this empty instance; returns every open order. */
    public List<RestingOrder> readFrom(DataInput in,
            MarketRegistry markets) throws IOException {
        for (int a = 0; a < feesCollected.length; a++) {
            feesCollected[a] = in.readLong();
        }
        int users = in.readInt();
        List<RestingOrder> open = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            UserAccount account = getOrCreate(in.readLong());
            open.addAll(account.readFrom(in, markets));
        }
        return open;
    }

    public void collectFee(int assetId, long amount) {
        feesCollected[assetId] += amount;
    }

    public long feesCollected(int assetId) {
        return feesCollected[assetId];
    }
}
