package io.tickwire.nats.node;

import io.tickwire.codec.JsonCodec;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.nats.feed.BatchListener;
import io.tickwire.nats.feed.JetStreamFeed;
import io.tickwire.server.hub.HubStateCodec;
import io.tickwire.nats.wire.PublishedBatch;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.hub.HubState;
import io.tickwire.server.node.NodeContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway node: the hub and the Netty gateway of a Tickwire node without an engine, fed by a
 * core through JetStream. It starts from the core's state at some batch B (asked over NATS),
 * then reads the stream from B + 1 with one consumer for the whole node, and serves {@code /ws}
 * and the REST reads with the core's epochs and seqs. Its history is the events it received, in
 * memory, and what is older is read from JetStream; only a cursor older than the stream gets a
 * gap and a snapshot.
 *
 * <p>Orders go to the core as NATS requests ({@link ForwardingEntry}); their receipts come back
 * with their batches. Tokens are checked against the core's revocations, which the node follows
 * ({@link RevocationFeed}); it keeps none of its own. Not yet: the degraded status when cut from NATS.
 */
public final class GatewayNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayNode.class);

    private final NodeContext node;
    private final JetStreamFeed feed;
    private final TokenService tokens;
    private final HubState start;

    private GatewayNode(NodeContext node, JetStreamFeed feed, TokenService tokens, HubState start) {
        this.node = node;
        this.feed = feed;
        this.tokens = tokens;
        this.start = start;
    }

    /**
     * Starts a gateway node on {@code dataDir} (its lock), verifying tokens with the secret in
     * {@code secretFile} (the core's), and serving on the gateway's address.
     *
     * @param history events kept in memory per stream for resumes
     * @throws java.io.IOException when the core does not send its state in time, or the secret is unreadable
     */
    public static GatewayNode start(JetStreamConfig nats, FrontDoorConfig frontDoorConfig, Path dataDir,
            Path secretFile,
                                    int history) throws Exception {
        NodeContext node = NodeContext.open("tickwire gateway", dataDir, frontDoorConfig);
        try {
            TokenService tokens = TokenService.forSecretFile(secretFile);
            node.frontDoor().acceptWhileStarting(); // 503 until the node has the core's state
            node.add(RevocationFeed.start(nats, tokens.revocations(), Duration.ofSeconds(30)));
            HubStateCodec.NodeStart start = StateRequest.fetch(nats, Duration.ofSeconds(30));
            HubState state = start.state();
            JetStreamReads reads = node.add(new JetStreamReads(nats, state.epoch()));
            MemoryHistory events = new MemoryHistory(state.epoch(), state.heads(), history,
                    Duration.ofHours(1).toMillis(), reads);
            node.hub().start(state, events);
            JetStreamFeed feed = node.add(new JetStreamFeed(nats, state.epoch(), state.batch(),
                    new ToHub(node.hub(), events, node.codec())));
            ForwardingEntry orders = node.add(new ForwardingEntry(nats));
            orders.start();
            node.serve(tokens, orders, new GatewayNodeStatus(start.markets(), feed, orders));
            feed.start();
            log.info("gateway node serving the core's epoch {} from batch {}", state.epoch(), state.batch() + 1);
            return new GatewayNode(node, feed, tokens, state);
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    /**
     * Hands each batch to the history and then the hub. The hub's book and account mirrors read
     * the payloads of their own streams' events ({@link CoreBatch#decoding}).
     */
    private record ToHub(Hub hub, MemoryHistory events, JsonCodec codec) implements BatchListener {
        @Override
        public void onBatch(PublishedBatch batch) {
            events.append(batch.events(), System.currentTimeMillis());
            hub.onDurable(new CommittedBatch<>(batch.number(), batch.ts(), List.of(), batch.events(),
                    CoreBatch.decoding(batch.receipts(), batch.events(), batch.epoch(), codec)));
        }

        @Override
        public void onHole(long from, long to) {
            log.error("batches {} to {} are not on the stream: this node's streams miss their events; restart it "
                    + "to start again from the core's state", from, to);
        }

        @Override
        public void onEpoch(String previous, String next) {
            log.error("the core started a new epoch ({} after {}): restart this node to follow it", next, previous);
        }
    }

    /** The port the node listens on. */
    public int port() {
        return node.frontDoor().port();
    }

    /** The hub, as other threads call it. */
    public Hub hub() {
        return node.hub();
    }

    /** The node's token verifier (the core's secret). */
    public TokenService tokens() {
        return tokens;
    }

    /** The batch the node started from. */
    public long startBatch() {
        return start.batch();
    }

    /** The last batch the node has received from the stream. */
    public long lastBatch() {
        return feed.lastBatch();
    }

    /** The Prometheus text of the node's meters. */
    public String metricsText() {
        return node.metrics().scrape();
    }

    /** Stops serving: the front door, then orders, the feed, the reads and the revocations, the hub, the lock. */
    @Override
    public void close() {
        node.close();
    }
}
