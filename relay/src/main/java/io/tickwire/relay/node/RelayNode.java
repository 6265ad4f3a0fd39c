package io.tickwire.relay.node;

import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.relay.capture.CaptureConfig;
import io.tickwire.relay.capture.CaptureRecorder;
import io.tickwire.relay.capture.FeedConnection;
import io.tickwire.relay.follow.FollowConfig;
import io.tickwire.relay.follow.UpstreamFollower;
import io.tickwire.relay.store.EpochJournals;
import io.tickwire.relay.upstream.RelayMetrics;
import io.tickwire.relay.upstream.UpstreamStatus;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.node.NodeContext;
import java.io.IOException;
import java.nio.file.Path;
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

    private final NodeContext node;
    private final UpstreamStatus upstream;

    private RelayNode(NodeContext node, UpstreamStatus upstream) {
        this.node = node;
        this.upstream = upstream;
    }

    /**
     * What both kinds of relay have besides the node's own parts: the relay's own token secret (it
     * serves no accounts; tokens only authenticate connections), the upstream's status and meters.
     */
    private record Source(TokenService tokens, UpstreamStatus upstream, RelayMetrics metrics) {

        static Source open(NodeContext node, Path dataDir) throws IOException {
            UpstreamStatus upstream = new UpstreamStatus();
            return new Source(TokenService.initDataDirectory(dataDir), upstream,
                    new RelayMetrics(node.metrics().registry(), upstream));
        }
    }

    /**
     * Starts capturing the feed {@code capture} describes into {@code dataDir} (its lock), serving on
     * the gateway's address.
     */
    public static RelayNode capture(CaptureConfig capture, FrontDoorConfig frontDoorConfig, Path dataDir)
            throws Exception {
        NodeContext node = NodeContext.open("tickwire relay", dataDir, frontDoorConfig);
        try {
            Source source = Source.open(node, dataDir);
            EpochJournals epochs = new EpochJournals(dataDir, EpochJournals.settings(dataDir, capture.historyEvents(),
                    capture.retentionAge(), capture.retentionBytes()), true);
            node.hub().serveOlderEpochs(epochs.older()); // a poller of an epoch before a reconnect loses nothing
            CaptureRecorder recorder = node.add(new CaptureRecorder(capture, epochs, node.hub(), source.metrics(),
                    source.upstream()));
            node.hub().start(recorder.startState(), recorder.journal(), false);
            node.serve(source.tokens(), null, new RelayStatus(source.upstream(), MarketRegistry.builder().build()));
            recorder.start();
            FeedConnection connection = node.add(new FeedConnection(capture, recorder, source.upstream(),
                    source.metrics()));
            connection.start();
            log.info("relay capturing {} in epoch {}, serving on port {}", capture.url(), recorder.epoch(),
                    node.frontDoor().port());
            return new RelayNode(node, source.upstream());
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    /**
     * Starts following the Tickwire node {@code follow} names into {@code dataDir} (its lock),
     * resuming from the journal there, and serving on the gateway's address.
     */
    public static RelayNode follow(FollowConfig follow, FrontDoorConfig frontDoorConfig,
            Path dataDir) throws Exception {
        NodeContext node = NodeContext.open("tickwire relay", dataDir, frontDoorConfig);
        try {
            Source source = Source.open(node, dataDir);
            node.frontDoor().acceptWhileStarting(); // 503 until the upstream's state is in
            RelayStatus status = new RelayStatus(source.upstream(), MarketRegistry.builder().build());
            node.add(UpstreamFollower.start(follow, dataDir, node.hub(), source.upstream(), source.metrics(),
                    status::markets));
            node.serve(source.tokens(), null, status);
            log.info("relay following {} in epoch {}, serving on port {}", follow.upstream(), node.hub().epoch(),
                    node.frontDoor().port());
            return new RelayNode(node, source.upstream());
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    /** The port the relay serves on. */
    public int port() {
        return node.frontDoor().port();
    }

    /** The hub, as other threads call it. */
    public Hub hub() {
        return node.hub();
    }

    /** The upstream connection's state. */
    public UpstreamStatus upstream() {
        return upstream;
    }

    /** The Prometheus text of the relay's meters. */
    public String metricsText() {
        return node.metrics().scrape();
    }

    /** Stops: the front door first, then the source, the journals, the hub, the lock. */
    @Override
    public void close() {
        node.close();
    }
}
