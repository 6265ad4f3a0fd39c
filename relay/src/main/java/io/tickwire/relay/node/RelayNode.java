package io.tickwire.relay.node;

import io.tickwire.codec.JsonCodec;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.journal.DirectoryLock;
import io.tickwire.relay.capture.CaptureConfig;
import io.tickwire.relay.capture.CaptureRecorder;
import io.tickwire.relay.capture.FeedConnection;
import io.tickwire.relay.follow.FollowConfig;
import io.tickwire.relay.follow.UpstreamFollower;
import io.tickwire.relay.store.EpochJournals;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.gateway.Gateway;
import io.tickwire.server.gateway.GatewayConfig;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.metrics.ServerMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay node: a hub and a Netty gateway without an engine, serving {@code /ws} (read-only:
 * orders are answered with {@code forbidden}) and {@code /events} from journals of what it
 * received, one journal per epoch ({@link EpochJournals}). Its source is one of two:
 * <ul>
 *   <li>a captured JSON WebSocket feed ({@link #capture}): each frame in its topic's next seq,
 *       a new epoch and {@code feed.gap} at every reconnect and restart;</li>
 *   <li>a followed Tickwire node ({@link #follow}), through the SDK: the upstream's epochs and
 *       seqs, one cursor space, resumed from the journal after a restart.</li>
 * </ul>
 */
public final class RelayNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayNode.class);

    private final List<AutoCloseable> parts;
    private final Gateway gateway;
    private final Hub hub;
    private final ServerMetrics metrics;
    private final UpstreamStatus upstream;

    private RelayNode(List<AutoCloseable> parts, Gateway gateway, Hub hub, ServerMetrics metrics,
                      UpstreamStatus upstream) {
        this.parts = parts;
        this.gateway = gateway;
        this.hub = hub;
        this.metrics = metrics;
        this.upstream = upstream;
    }

    /**
     * What both kinds of relay are made of before their source: the directory's lock, the relay's
     * own token secret (it serves no accounts; tokens only authenticate connections), the meters,
     * the upstream's status and the hub. Each closeable goes into {@code parts} as it is made.
     */
    private record Base(TokenService tokens, ServerMetrics metrics, UpstreamStatus upstream,
                        RelayMetrics relayMetrics, JsonCodec codec, Hub hub) {

        static Base open(Path dataDir, List<AutoCloseable> parts) throws IOException {
            parts.add(DirectoryLock.acquire(dataDir, "tickwire relay"));
            TokenService tokens = TokenService.initDataDirectory(dataDir);
            ServerMetrics metrics = new ServerMetrics();
            parts.add(metrics::close);
            UpstreamStatus upstream = new UpstreamStatus();
            JsonCodec codec = new JsonCodec();
            Hub hub = new Hub(codec, metrics);
            parts.add(hub);
            return new Base(tokens, metrics, upstream, new RelayMetrics(metrics.registry(), upstream), codec, hub);
        }

        /** Serves {@code /ws} and REST on {@code gateway} from the hub. */
        void serve(Gateway gateway, RelayEntry entry) {
            gateway.start(codec, tokens, hub, entry, metrics);
        }
    }

    /**
     * Starts capturing the feed {@code capture} describes into {@code dataDir} (its lock), serving on
     * the gateway's address.
     */
    public static RelayNode capture(CaptureConfig capture, GatewayConfig gatewayConfig, Path dataDir)
            throws Exception {
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            Base base = Base.open(dataDir, parts);
            EpochJournals epochs = new EpochJournals(dataDir, EpochJournals.settings(dataDir, capture.historyEvents(),
                    capture.retentionAge(), capture.retentionBytes()), true);
            base.hub().serveOlderEpochs(epochs.older()); // a poller of an epoch before a reconnect loses nothing
            CaptureRecorder recorder = new CaptureRecorder(capture, epochs, base.hub(), base.relayMetrics(),
                    base.upstream());
            parts.add(recorder);
            base.hub().start(recorder.startState(), recorder.journal(), false);
            Gateway gateway = Gateway.bind(gatewayConfig);
            parts.add(gateway);
            base.serve(gateway, new RelayEntry(base.upstream(), MarketRegistry.builder().build()));
            recorder.start();
            FeedConnection connection = new FeedConnection(capture, recorder, base.upstream(), base.relayMetrics());
            parts.add(connection);
            connection.start();
            log.info("relay capturing {} in epoch {}, serving on port {}", capture.url(), recorder.epoch(),
                    gateway.port());
            return new RelayNode(parts, gateway, base.hub(), base.metrics(), base.upstream());
        } catch (Exception | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    /**
     * Starts following the Tickwire node {@code follow} names into {@code dataDir} (its lock),
     * resuming from the journal there, and serving on the gateway's address.
     */
    public static RelayNode follow(FollowConfig follow, GatewayConfig gatewayConfig, Path dataDir) throws Exception {
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            Base base = Base.open(dataDir, parts);
            Gateway gateway = Gateway.bind(gatewayConfig);
            parts.add(gateway);
            gateway.acceptWhileStarting(); // 503 until the upstream's state is in
            RelayEntry entry = new RelayEntry(base.upstream(), MarketRegistry.builder().build());
            UpstreamFollower follower = UpstreamFollower.start(follow, dataDir, base.hub(), base.upstream(),
                    base.relayMetrics(), entry::markets);
            parts.add(follower);
            base.serve(gateway, entry);
            log.info("relay following {} in epoch {}, serving on port {}", follow.upstream(), base.hub().epoch(),
                    gateway.port());
            return new RelayNode(parts, gateway, base.hub(), base.metrics(), base.upstream());
        } catch (Exception | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    /** The port the relay serves on. */
    public int port() {
        return gateway.port();
    }

    /** The hub, as other threads call it. */
    public Hub hub() {
        return hub;
    }

    /** The upstream connection's state. */
    public UpstreamStatus upstream() {
        return upstream;
    }

    /** The Prometheus text of the relay's meters. */
    public String metricsText() {
        return metrics.scrape();
    }

    /** Stops: the gateway first, then the source, the journals, the hub, the lock. */
    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        // The reverse of the start: the gateway and the source go before the journal and the hub.
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", parts.get(i), e.getMessage());
            }
        }
    }
}
