package io.tickwire.server;

import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.server.auth.RevocationList;
import io.tickwire.server.auth.TokenService;
import io.tickwire.journal.JournalListener;
import io.tickwire.server.node.BatchTap;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.server.status.NodeStatus;
import io.tickwire.server.node.NodeContext;
import io.tickwire.server.hub.Hub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running core node (a single node, or the core of a cluster): the trading core recovered
 * from its data, the hub at the recovered stream heads, and the front door on its port, put
 * together as every node is ({@link NodeContext}).
 *
 * <p>It starts in an order that leaves the data untouched by a start that cannot succeed: the
 * data directory's lock first (a second server on the same data exits at once), then the port
 * (in use: exit), and only then recovery, which may cut a damaged journal tail and write a
 * snapshot. Clients are accepted once the core has recovered.
 *
 * <p>Close it to shut down cleanly: the closing notices first ({@link #onClosing}), then the
 * front door, then the core (which drains, snapshots and forces the journal), and last the lock.
 */
public final class TickwireServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TickwireServer.class);

    private final NodeContext node;
    private final TradingCore core;
    private final TokenService tokens;
    private final boolean createdSecret;
    private final List<Runnable> closingNotices = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private TickwireServer(NodeContext node, TradingCore core, TokenService tokens, boolean createdSecret) {
        this.node = node;
        this.core = core;
        this.tokens = tokens;
        this.createdSecret = createdSecret;
    }

    /** What a core reports through its front door: it is the source of its batches. */
    private record CoreStatus(TradingCore core) implements NodeStatus {
        @Override
        public String role() {
            return "core";
        }

        @Override
        public MarketRegistry markets() {
            return core.markets();
        }

        @Override
        public boolean isRunning() {
            return core.isRunning();
        }
    }

    /** Starts on {@code dataDir} (journal, snapshots, token secret) with these markets. */
    public static TickwireServer start(Path dataDir, MarketRegistry markets, FrontDoorConfig frontDoorConfig)
            throws Exception {
        return start(dataDir, markets, frontDoorConfig, CoreConfig.defaults(dataDir));
    }

    /**
     * Starts on {@code dataDir} with these markets and settings.
     *
     * @throws io.tickwire.journal.DirectoryLockedException    another process serves this data directory
     * @throws io.tickwire.server.frontdoor.FrontDoorBindException the address cannot be bound, or TLS not loaded
     */
    public static TickwireServer start(Path dataDir, MarketRegistry markets, FrontDoorConfig frontDoorConfig,
                                       CoreConfig coreConfig) throws Exception {
        return start(dataDir, markets, frontDoorConfig, coreConfig, List.of());
    }

    /**
     * Starts on {@code dataDir} with these markets and settings, and {@code taps} following the
     * core's durable batches after the hub (a core node's JetStream publisher). The server closes
     * the taps after the core.
     *
     * @throws io.tickwire.journal.DirectoryLockedException    another process serves this data directory
     * @throws io.tickwire.server.frontdoor.FrontDoorBindException the address cannot be bound, or TLS not loaded
     */
    public static TickwireServer start(Path dataDir, MarketRegistry markets, FrontDoorConfig frontDoorConfig,
                                       CoreConfig coreConfig, List<BatchTap> taps) throws Exception {
        NodeContext node = NodeContext.open("tickwire serve", dataDir, frontDoorConfig);
        try {
            // Under the lock: nobody else can create the secret between the look and the creation.
            boolean createdSecret = !Files.exists(dataDir.resolve(TokenService.SECRET_FILE));
            TokenService tokens = TokenService.initDataDirectory(dataDir)
                    .withRevocations(RevocationList.persistent(dataDir.resolve(RevocationList.FILE_NAME),
                            Clock.systemUTC()));
            Hub hub = node.hub();
            taps.forEach(node::add); // closed after the core, which may still hand them its last batches
            JournalListener<CoreBatch> durable = taps.isEmpty() ? hub : batch -> {
                hub.onDurable(batch);
                for (BatchTap tap : taps) {
                    tap.onDurable(batch);
                }
            };
            TradingCore core = node.add(TradingCore.open(coreConfig, markets, durable));
            hub.start(core);
            for (BatchTap tap : taps) {
                tap.start(core, hub, tokens.revocations(), node.metrics().registry());
            }
            core.startTimers();
            node.metrics().journal(core.journal().metrics());
            node.metrics().core(core::queueDepth, core.commandCounters());
            node.serve(tokens, core, new CoreStatus(core));
            return new TickwireServer(node, core, tokens, createdSecret);
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    /** The port the front door listens on. */
    public int port() {
        return node.frontDoor().port();
    }

    /** The address the front door is bound to, as configured. */
    public String host() {
        return node.frontDoor().host();
    }

    /** The Prometheus text of the server's meters (as served at /metrics). */
    public String metricsText() {
        return node.metrics().scrape();
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
        return node.hub();
    }

    /**
     * Runs {@code notice} when a shutdown begins, before any connection is closed or the core
     * stops: the place to tell clients, or to cancel what must not outlive the server. Notices
     * run in the order added, on the closing thread; one that throws is logged and the rest run.
     */
    public void onClosing(Runnable notice) {
        closingNotices.add(notice);
    }

    /**
     * Shuts down (once): the closing notices, then the node in reverse: the front door, the core
     * (which drains, snapshots and forces its journal), its taps, the hub, the lock.
     */
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
        node.close();
        log.info("shut down: snapshot at batch {}, journal forced at batch {}", core.lastSnapshotBatch(),
                core.journal().lastBatch());
    }
}
