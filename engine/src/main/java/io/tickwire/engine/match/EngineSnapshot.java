package io.tickwire.engine.match;

import io.tickwire.engine.book.UserAccount;
import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.book.RestingOrder;
import io.tickwire.engine.market.MarketRegistry;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The engine's snapshot codec: the whole state (ids, accounts with their open and recently
 * closed orders, every book's queues, the dead man's switches, the market statistics) in canonical bytes, versioned
 * by the first int. Read back,
 * it is checked: the books and the open orders must agree, and balances must add up within a
 * {@code long}.
 */
public final class EngineSnapshot {
    /** Version 2 adds the dead man's switches and the market statistics; version 1 is still read. */
    private static final int SNAPSHOT_VERSION = 2;
    private static final int SNAPSHOT_VERSION_1 = 1;

    private EngineSnapshot() {
    }

    /**
     * Writes the whole engine state. The bytes are canonical: two engines in the same state
     * write the same bytes, which is how tests compare a recovered engine with a replay.
     * Call on the engine's thread, between commands.
     */
    public static void write(MatchingEngine engine, DataOutput out) throws IOException {
        out.writeInt(SNAPSHOT_VERSION);
        out.writeInt(engine.markets().assets().size());
        out.writeInt(engine.markets().markets().size());
        out.writeLong(engine.nextOrderId());
        out.writeLong(engine.nextTradeId());
        engine.accounts().writeTo(out);
        for (OrderBook book : engine.books()) {
            book.writeQueues(out);
        }
        var switches = engine.armedSwitches();
        out.writeInt(switches.size());
        for (var armed : switches.entrySet()) {
            out.writeLong(armed.getKey());
            out.writeLong(armed.getValue());
        }
        engine.statistics().writeTo(out);
    }

    /** An engine restored from {@link #write}; the registry must be the one it was written with. */
    public static MatchingEngine read(MarketRegistry markets, int closedOrdersKept, DataInput in)
            throws IOException {
        int version = in.readInt();
        if (version != SNAPSHOT_VERSION && version != SNAPSHOT_VERSION_1) {
            throw new IOException("unknown engine snapshot version " + version);
        }
        if (in.readInt() != markets.assets().size() || in.readInt() != markets.markets().size()) {
            throw new IOException("snapshot was written with other assets or markets");
        }
        MatchingEngine engine = new MatchingEngine(markets, closedOrdersKept);
        engine.restoreIds(in.readLong(), in.readLong());
        for (RestingOrder order : engine.accounts().readFrom(in, markets)) {
            engine.openOrders().put(order.orderId(), order);
        }
        for (OrderBook book : engine.books()) {
            book.readQueues(in, engine.openOrders()::get);
        }
        if (engine.openOrders().size() != countResting(engine)) {
            throw new IOException("snapshot books and open orders disagree");
        }
        if (version == SNAPSHOT_VERSION) {
            int switches = in.readInt();
            if (switches < 0) {
                throw new IOException("negative count of dead man's switches");
            }
            for (int i = 0; i < switches; i++) {
                engine.deadManSwitches().put(in.readLong(), in.readLong());
            }
            engine.statistics().readFrom(in);
        }
        try {
            var accounts = engine.accounts().all();
            for (int asset = 0; asset < engine.assetTotals().length; asset++) {
                long total = engine.accounts().feesCollected(asset);
                for (UserAccount account : accounts) {
                    total = Math.addExact(total, Math.addExact(account.avail(asset), account.frozen(asset)));
                }
                engine.assetTotals()[asset] = total;
            }
        } catch (ArithmeticException overflow) {
            throw new IOException("snapshot balances add up beyond a long");
        }
        return engine;
    }

    private static int countResting(MatchingEngine engine) {
        int n = 0;
        for (RestingOrder order : engine.openOrders().values()) {
            if (order.isResting()) {
                n++;
            }
        }
        return n;
    }
}
