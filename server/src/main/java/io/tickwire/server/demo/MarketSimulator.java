package io.tickwire.server.demo;

import io.tickwire.agent.AgentThreads;
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
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo books and trade tapes moving: simulated users 2001 to 2005 place limit orders
 * around a drifting mid price, amend and cancel some, and now and then cross the spread. It
 * goes through the same sequencer and journal as everyone else, so its events are ordinary
 * durable events. Its users are funded on a new data directory only.
 *
 * <p>Each market keeps its own mid and its own list of the orders placed on it, so an amend always
 * prices an order of the market it belongs to. Orders are named by client order ids (unique per
 * run), never by guessed order ids.
 */
public final class MarketSimulator implements AutoCloseable {
    private static final long FIRST_USER = 2001;
    private static final int USERS = 5;
    /** Orders kept per market for later amends and cancels; older ones are forgotten (they may rest on). */
    private static final int TRACKED_PER_MARKET = 500;

    private final TradingCore core;
    private final MarketRegistry markets;
    private final SplittableRandom random;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            AgentThreads.factory("demo-simulator",
                    e -> LoggerFactory.getLogger(MarketSimulator.class).error("demo simulator failed", e)));
    /** Per market id: the mid price, in price units. Timer thread only. */
    private final long[] mids;
    /** Per market id: orders placed there that it may still amend or cancel. Timer thread only. */
    private final List<Deque<Placed>> placed = new ArrayList<>();
    /** Makes this run's client order ids unique against those the engine remembers from earlier runs. */
    private final String runPrefix;
    private long orders;
    private long requestId = Long.MAX_VALUE / 2;

    /** An order the simulator placed: who placed it, under which client id. */
    private record Placed(long user, String clientOrderId) {
    }

    MarketSimulator(TradingCore core, SplittableRandom random) {
        this.core = core;
        this.markets = core.markets();
        this.random = random;
        this.runPrefix = "sim" + Long.toString(System.currentTimeMillis(), 36) + "-";
        this.mids = new long[markets.markets().size()];
        for (Market m : markets.markets()) {
            // BTC near 85,000, others near 3,000, in price units.
            mids[m.id()] = (m.base().name().equals("BTC") ? 85_000 : 3_000) * Decimal.powerOfTen(m.priceScale());
            placed.add(new ArrayDeque<>());
        }
    }

    /**
     * Starts the simulator at {@code ordersPerSecond}; funds its users when the journal is new.
     */
    public static MarketSimulator start(TradingCore core, int ordersPerSecond, boolean fund) {
        MarketSimulator simulator = new MarketSimulator(core, new SplittableRandom());
        if (fund) {
            simulator.fund();
        }
        long period = Math.max(1, 1_000_000 / Math.max(1, ordersPerSecond));
        simulator.timer.scheduleAtFixedRate(simulator::safeStep, 200_000, period, TimeUnit.MICROSECONDS);
        return simulator;
    }

    void fund() {
        for (long user = FIRST_USER; user < FIRST_USER + USERS; user++) {
            for (var asset : markets.assets()) {
                core.submit(new Command.Deposit(++requestId, user, asset.name(), Decimal.parse("1000000000")));
            }
        }
    }

    /** The mid price the simulator quotes {@code market} around, in price units. */
    long mid(Market market) {
        return mids[market.id()];
    }

    private void safeStep() {
        try {
            step();
        } catch (RuntimeException e) {
            // the demo keeps going; a rejected or refused command is part of the show
        }
    }

    /** One action on a random market: a cancel, an amend near its mid, or a new order. */
    void step() {
        Market market = markets.market(random.nextInt(markets.markets().size()));
        long mid = mids[market.id()] += random.nextInt(-2, 3);
        Deque<Placed> ours = placed.get(market.id());
        int action = random.nextInt(100);
        if (action < 15 && !ours.isEmpty()) {
            Placed order = ours.pollFirst();
            core.submit(new Command.Cancel(++requestId, order.user(), OrderRef.byClientId(order.clientOrderId())));
        } else if (action < 35 && !ours.isEmpty()) {
            Placed order = ours.peekLast();
            core.submit(new Command.Amend(++requestId, order.user(), OrderRef.byClientId(order.clientOrderId()),
                    Decimal.of(mid + random.nextInt(-20, 21), market.priceScale()), null));
        } else {
            long user = FIRST_USER + random.nextInt(USERS);
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            boolean cross = action > 92;
            long offset = cross ? -random.nextInt(1, 10) : random.nextInt(1, 60);
            long price = side == Side.BUY ? mid - offset : mid + offset;
            long qty = (1 + random.nextInt(50)) * market.minQty();
            String clientOrderId = runPrefix + ++orders;
            core.submit(new Command.Place(++requestId, user, market.name(), side, OrderType.LIMIT,
                    cross ? TimeInForce.IOC : TimeInForce.GTC, Decimal.of(price, market.priceScale()),
                    Decimal.of(qty, market.qtyScale()), clientOrderId));
            if (!cross) {
                ours.addLast(new Placed(user, clientOrderId));
                if (ours.size() > TRACKED_PER_MARKET) {
                    ours.pollFirst();
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
