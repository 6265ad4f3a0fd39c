package io.tickwire.server;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.journal.DirectoryLock;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.server.auth.RevocationList;
import io.tickwire.server.auth.TokenService;
import io.tickwire.journal.JournalListener;
import io.tickwire.server.core.BatchTap;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.demo.MarketSimulator;
import io.tickwire.server.gateway.Gateway;
import io.tickwire.server.gateway.GatewayConfig;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.metrics.ServerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Tickwire server: the trading core (recovered from its data), the hub at the
 * recovered stream heads, and the gateway on its port.
 *
 * <p>It starts in an order that leaves the data untouched by a start that cannot succeed: the
 * data directory's lock first (a second server on the same data exits at once), then the port
 * (in use: exit), and only then recovery, which may cut a damaged journal tail and write a
 * snapshot. Clients are accepted once the core has recovered.
 *
 * <p>Close it to shut down cleanly: the closing notices first ({@link #onClosing}), then the
 * gateway, then the core (which drains, snapshots and forces the journal), and last the lock.
 */
public final class TickwireServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TickwireServer.class);

    private final DirectoryLock lock;
    private final TradingCore core;
    private final Hub hub;
    private final Gateway gateway;
    private final TokenService tokens;
    private final ServerMetrics metrics;
    private final List<BatchTap> taps;
    private final boolean createdSecret;
    private final List<Runnable> closingNotices = new CopyOnWriteArrayList<>();
    private volatile MarketSimulator simulator;
    private volatile boolean closed;

    private TickwireServer(DirectoryLock lock, TradingCore core, Hub hub, Gateway gateway, TokenService tokens,
                           ServerMetrics metrics, List<BatchTap> taps, boolean createdSecret) {
        this.lock = lock;
        this.createdSecret = createdSecret;
        this.taps = List.copyOf(taps);
        this.core = core;
        this.hub = hub;
        this.gateway = gateway;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    /** Starts on {@code dataDir} (journal, snapshots, token secret) with these markets. */
    public static TickwireServer start(Path dataDir, MarketRegistry markets, GatewayConfig gatewayConfig)
            throws Exception {
        return start(dataDir, markets, gatewayConfig, CoreConfig.defaults(dataDir));
    }

    /**
     * Starts on {@code dataDir} with these markets and settings.
     *
     * @throws io.tickwire.journal.DirectoryLockedException    another process serves this data directory
     * @throws io.tickwire.server.gateway.GatewayBindException the address cannot be bound, or TLS not loaded
     */
    public static TickwireServer start(Path dataDir, MarketRegistry markets, GatewayConfig gatewayConfig,
                                       CoreConfig coreConfig) throws Exception {
        return start(dataDir, markets, gatewayConfig, coreConfig, List.of());
    }

    /**
     * Starts on {@code dataDir} with these markets and settings, and {@code taps} following the
     * core's durable batches after the hub (a core node's JetStream publisher). The server closes
     * the taps after the core.
     *
     * @throws io.tickwire.journal.DirectoryLockedException    another process serves this data directory
     * @throws io.tickwire.server.gateway.GatewayBindException the address cannot be bound, or TLS not loaded
     */
    public static TickwireServer start(Path dataDir, MarketRegistry markets, GatewayConfig gatewayConfig,
                                       CoreConfig coreConfig, List<BatchTap> taps) throws Exception {
        DirectoryLock lock = DirectoryLock.acquire(dataDir, "tickwire serve");
        Gateway gateway = null;
        try {
            gateway = Gateway.bind(gatewayConfig);
            JsonCodec codec = new JsonCodec();
            // Under the lock: nobody else can create the secret between the look and the creation.
            boolean createdSecret = !Files.exists(dataDir.resolve(TokenService.SECRET_FILE));
            TokenService tokens = TokenService.initDataDirectory(dataDir)
                    .withRevocations(RevocationList.persistent(dataDir.resolve(RevocationList.FILE_NAME),
                            Clock.systemUTC()));
            ServerMetrics metrics = new ServerMetrics();
            Hub hub = new Hub(codec, metrics);
            JournalListener<CoreBatch> durable = taps.isEmpty() ? hub : batch -> {
                hub.onDurable(batch);
                for (BatchTap tap : taps) {
                    tap.onDurable(batch);
                }
            };
            TradingCore core = TradingCore.open(coreConfig, markets, durable);
            try {
                hub.start(core);
                for (BatchTap tap : taps) {
                    tap.start(core, hub, tokens.revocations(), metrics.registry());
                }
                core.startTimers();
                metrics.journal(core.journal().metrics());
                metrics.core(core::queueDepth, core.commandCounters());
                gateway.start(codec, tokens, hub, core, metrics);
                return new TickwireServer(lock, core, hub, gateway, tokens, metrics, taps, createdSecret);
            } catch (Exception | Error e) {
                core.close();
                taps.forEach(BatchTap::close);
                hub.close();
                metrics.close();
                throw e;
            }
        } catch (Exception | Error e) {
            if (gateway != null) {
                gateway.close();
            }
            lock.close();
            throw e;
        }
    }

    public int port() {
        return gateway.port();
    }

    /** The address the gateway is bound to, as configured. */
    public String host() {
        return gateway.host();
    }

    /** The Prometheus text of the server's meters (as served at /metrics). */
    public String metricsText() {
        return metrics.scrape();
    }

    public TokenService tokens() {
        return tokens;
    }

    /**
     * Whether this start created the token secret (a new data directory): the one start at which
     * {@code tickwire serve} prints an admin token unasked, since nobody can have made one yet.
     */
    public boolean createdSecret() {
        return createdSecret;
    }

    public TradingCore core() {
        return core;
    }

    /** The hub, as other threads call it: what it has published, durable state for reads. */
    public Hub hub() {
        return hub;
    }

    /**
     * Runs {@code notice} when a shutdown begins, before any connection is closed or the core
     * stops: the place to tell clients, or to cancel what must not outlive the server. Notices
     * run in the order added, on the closing thread; one that throws is logged and the rest run.
     */
    public void onClosing(Runnable notice) {
        closingNotices.add(notice);
    }

    /** The demo venue: BTC-USDT and ETH-USDT, maker 0.1 %, taker 0.2 %. */
    public static MarketRegistry demoMarkets() {
        return MarketRegistry.builder()
                .asset("BTC", 8).asset("ETH", 8).asset("USDT", 8)
                .market("BTC", "USDT", 2, 6, "0.0001", 1000, 2000)
                .market("ETH", "USDT", 2, 4, "0.001", 1000, 2000)
                .build();
    }

    /**
     * The demo: funds users 1001 and 1002 (and the simulator's) on a new journal, and starts the
     * market simulator at {@code ordersPerSecond} (0: no simulator).
     */
    public void startDemo(int ordersPerSecond) {
        boolean fresh = core.journal().lastBatch() == 0;
        fundDemoUsersIfNew();
        if (ordersPerSecond > 0) {
            simulator = MarketSimulator.start(core, ordersPerSecond, fresh);
        }
    }

    /** Stops the demo market simulator, if it runs. */
    public void stopDemoSimulator() {
        MarketSimulator running = simulator;
        if (running != null) {
            running.close();
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

    /** Shuts down (once): notices, the simulator, the gateway, the core's final snapshot and force, the lock. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("shutting down: closing connections, then a final snapshot and journal force");
        for (Runnable notice : closingNotices) {
            try {
                notice.run();
            } catch (RuntimeException e) {
                log.warn("a closing notice failed", e);
            }
        }
        stopDemoSimulator();
        gateway.close();
        core.close();
        taps.forEach(BatchTap::close);
        hub.close();
        metrics.close();
        log.info("shut down: snapshot at batch {}, journal forced at batch {}", core.lastSnapshotBatch(),
                core.journal().lastBatch());
        lock.close();
    }
}
