package io.tickwire.server.demo;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.server.core.TradingCore;
import java.util.Map;

/**
 * The demo venue of {@code tickwire serve --demo} and of the tests: its markets, its funded users
 * (1001 and 1002), and a {@link MarketSimulator} that keeps the books moving. Nothing here is
 * part of a production node; a node runs the demo only when asked.
 */
public final class DemoVenue implements AutoCloseable {
    /** The demo's users, funded on a new journal. */
    public static final long[] USERS = {1001, 1002};

    private final MarketSimulator simulator;

    private DemoVenue(MarketSimulator simulator) {
        this.simulator = simulator;
    }

    /** The demo venue's markets: BTC-USDT and ETH-USDT, maker 0.1 %, taker 0.2 %. */
    public static MarketRegistry markets() {
        return MarketRegistry.builder()
                .asset("BTC", 8).asset("ETH", 8).asset("USDT", 8)
                .market("BTC", "USDT", 2, 6, "0.0001", 1000, 2000)
                .market("ETH", "USDT", 2, 4, "0.001", 1000, 2000)
                .build();
    }

    /**
     * Runs the demo on {@code core}: funds the demo users on a new journal, and starts the market
     * simulator at {@code ordersPerSecond} (0: none). Close it before the core.
     */
    public static DemoVenue start(TradingCore core, int ordersPerSecond) {
        boolean fresh = core.journal().lastBatch() == 0;
        fundUsersIfNew(core);
        return new DemoVenue(ordersPerSecond > 0 ? MarketSimulator.start(core, ordersPerSecond, fresh) : null);
    }

    /** Funds the demo users (BTC, ETH and USDT each) if {@code core}'s journal is new. */
    public static void fundUsersIfNew(TradingCore core) {
        if (core.journal().lastBatch() != 0) {
            return;
        }
        long request = 1;
        for (long user : USERS) {
            for (Map.Entry<String, String> e : Map.of("BTC", "10", "ETH", "100", "USDT", "1000000").entrySet()) {
                core.submit(new Command.Deposit(request++, user, e.getKey(), Decimal.parse(e.getValue())));
            }
        }
    }

    /** Stops the market simulator, if it runs; the books stay as they are. */
    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
