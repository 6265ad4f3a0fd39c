package io.tickwire.server;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.codec.JsonCodec;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.gateway.Gateway;
import io.tickwire.server.gateway.GatewayConfig;
import io.tickwire.server.hub.Hub;
import java.nio.file.Path;
import java.util.Map;

/**
 * A running Tickwire server: the trading core (recovered from its data), the hub at the
 * recovered stream heads, and the gateway on its port. Close it to shut down cleanly: the
 * gateway first, then the core (which drains, snapshots and forces the journal).
 */
public final class TickwireServer implements AutoCloseable {
    private final TradingCore core;
    private final Hub hub;
    private final Gateway gateway;
    private final TokenService tokens;

    private final io.tickwire.server.metrics.ServerMetrics metrics;

    private TickwireServer(TradingCore core, Hub hub, Gateway gateway, TokenService tokens,
                           io.tickwire.server.metrics.ServerMetrics metrics) {
        this.metrics = metrics;
        this.core = core;
        this.hub = hub;
        this.gateway = gateway;
        this.tokens = tokens;
    }

    /** Starts on {@code dataDir} (journal, snapshots, token secret) with these markets. */
    public static TickwireServer start(Path dataDir, MarketRegistry markets, GatewayConfig gatewayConfig)
            throws Exception {
        return start(dataDir, markets, gatewayConfig, CoreConfig.defaults(dataDir));
    }

    public static TickwireServer start(Path dataDir, MarketRegistry markets, GatewayConfig gatewayConfig,
                                       CoreConfig coreConfig) throws Exception {
        JsonCodec codec = new JsonCodec();
        TokenService tokens = TokenService.forDataDirectory(dataDir);
        var metrics = new io.tickwire.server.metrics.ServerMetrics();
        Hub hub = new Hub(codec, metrics);
        TradingCore core = TradingCore.open(coreConfig, markets, hub);
        try {
            hub.start(core);
            metrics.journal(core.journal().metrics());
            Gateway gateway = new Gateway(gatewayConfig, codec, tokens, hub, core, metrics);
            return new TickwireServer(core, hub, gateway, tokens, metrics);
        } catch (Exception e) {
            core.close();
            hub.close();
            throw e;
        }
    }

    public int port() {
        return gateway.port();
    }

    /** The Prometheus text of the server's meters (as served at /metrics). */
    public String metricsText() {
        return metrics.scrape();
    }

    public TokenService tokens() {
        return tokens;
    }

    public TradingCore core() {
        return core;
    }

    /** The demo venue: BTC-USDT and ETH-USDT, maker 0.1 %, taker 0.2 %. */
    public static MarketRegistry demoMarkets() {
        return MarketRegistry.builder()
                .asset("BTC", 8).asset("ETH", 8).asset("USDT", 8)
                .market("BTC", "USDT", 2, 6, "0.0001", 1000, 2000)
                .market("ETH", "USDT", 2, 4, "0.001", 1000, 2000)
                .build();
    }

    private io.tickwire.server.demo.MarketSimulator simulator;

    /**
     * The demo: funds users 1001 and 1002 (and the simulator's) on a new journal, and starts the
     * market simulator at {@code ordersPerSecond} (0: no simulator).
     */
    public void startDemo(int ordersPerSecond) {
        boolean fresh = core.journal().lastBatch() == 0;
        fundDemoUsersIfNew();
        if (ordersPerSecond > 0) {
            simulator = io.tickwire.server.demo.MarketSimulator.start(core, ordersPerSecond, fresh);
        }
    }

    /** Stops the demo market simulator, if it runs. */
    public void stopDemoSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    /** Funds the demo users (1001 and 1002) if the journal is new. */
    public void fundDemoUsersIfNew() {
        if (core.journal().lastBatch() != 0) {
            return;
        }
        long request = 1;
        for (long user : new long[] {1001, 1002}) {
            for (Map.Entry<String, String> e : Map.of("BTC", "10", "ETH", "100", "USDT", "1000000").entrySet()) {
                core.submit(new Command.Deposit(request++, user, e.getKey(), Decimal.parse(e.getValue())));
            }
        }
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
        gateway.close();
        core.close();
        hub.close();
    }
}
