package io.tickwire.server.demo;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.server.core.TradingCore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the demo books and trade tapes moving: simulated users 2001 to 2005 place limit orders
 * around a drifting mid price, amend and cancel some, and now and then cross the spread. It
 * goes through the same sequencer and journal as everyone else, so its events are ordinary
 * durable events. Its users are funded on a new data directory only.
 */
public final class MarketSimulator implements AutoCloseable {
    private static final long FIRST_USER = 2001;
    private static final int USERS = 5;

    private final TradingCore core;
    private final MarketRegistry markets;
    private final SplittableRandom random = new SplittableRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tickwire-demo-simulator");
        t.setDaemon(true);
        return t;
    });
    private final long[] mids;
    /** Order ids the simulator may still cancel or amend (it does not track fills: stale ids are rejected harmlessly). */
    private final Deque<long[]> placed = new ArrayDeque<>();
    private long requestId = Long.MAX_VALUE / 2;

    private MarketSimulator(TradingCore core) {
        this.core = core;
        this.markets = core.markets();
        this.mids = new long[markets.markets().size()];
        for (Market m : markets.markets()) {
            // BTC near 85,000, others near 3,000, in price units.
            mids[m.id()] = (m.base().name().equals("BTC") ? 85_000 : 3_000) * io.tickwire.protocol.decimal.Decimal.powerOfTen(m.priceScale());
        }
    }

    /**
     * Starts the simulator at {@code ordersPerSecond}; funds its users when the journal is new.
     */
    public static MarketSimulator start(TradingCore core, int ordersPerSecond, boolean fund) {
        MarketSimulator simulator = new MarketSimulator(core);
        if (fund) {
            simulator.fund();
        }
        long period = Math.max(1, 1_000_000 / Math.max(1, ordersPerSecond));
        simulator.timer.scheduleAtFixedRate(simulator::step, 200_000, period, TimeUnit.MICROSECONDS);
        return simulator;
    }

    private void fund() {
        for (long user = FIRST_USER; user < FIRST_USER + USERS; user++) {
            for (var asset : markets.assets()) {
                core.submit(new Command.Deposit(++requestId, user, asset.name(), Decimal.parse("1000000000")));
            }
        }
    }

    private void step() {
        try {
            Market market = markets.market(random.nextInt(markets.markets().size()));
            long user = FIRST_USER + random.nextInt(USERS);
            long tick = 1;
            long mid = mids[market.id()] += random.nextInt(-2, 3) * tick;
            int action = random.nextInt(100);
            long[] order;
            synchronized (placed) {
                order = action < 15 ? placed.pollFirst() : action < 35 ? placed.peekLast() : null;
            }
            if (order != null && action < 15) {
                core.submit(new Command.Cancel(++requestId, order[1], OrderRef.byId(order[0])));
            } else if (order != null) {
                core.submit(new Command.Amend(++requestId, order[1], OrderRef.byId(order[0]),
                        Decimal.of(mid + random.nextInt(-20, 21), market.priceScale()), null));
            } else {
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                boolean cross = action > 92;
                long offset = cross ? -random.nextInt(1, 10) : random.nextInt(1, 60);
                long price = side == Side.BUY ? mid - offset : mid + offset;
                long qty = (1 + random.nextInt(50)) * market.minQty();
                core.submit(new Command.Place(++requestId, user, market.name(), side, OrderType.LIMIT,
                        cross ? TimeInForce.IOC : TimeInForce.GTC, Decimal.of(price, market.priceScale()),
                        Decimal.of(qty, market.qtyScale()), null));
                // Order ids are dense and assigned in submission order only for accepted orders; the
                // simulator guesses conservatively by asking the engine for the next id.
                core.query(engine -> engine.nextOrderId() - 1).thenAccept(id -> {
                    synchronized (placed) {
                        placed.addLast(new long[] {id, user});
                        while (placed.size() > 2_000) {
                            placed.pollFirst();
                        }
                    }
                });
            }
        } catch (RuntimeException e) {
            // the demo keeps going; a rejected or refused command is part of the show
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
