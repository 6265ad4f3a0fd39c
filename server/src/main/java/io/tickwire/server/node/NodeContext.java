package io.tickwire.server.node;

import io.tickwire.codec.JsonCodec;
import io.tickwire.journal.DirectoryLock;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.core.OrderEntry;
import io.tickwire.server.frontdoor.FrontDoor;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.server.status.NodeStatus;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.metrics.ServerMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every kind of node is made of, and the one order it is taken apart in (the anchor: Aeron's
 * {@code MediaDriver.Context}). A core ({@code TickwireServer}), a gateway node and a relay each
 * open one, add the parts of their own kind to it, and close it:
 * <ol>
 *   <li>{@link #open}: the data directory's lock (a second process on the same data stops here,
 *       having changed nothing), the front door's port (bound, accepting nothing yet), the meters,
 *       the codec and the hub;</li>
 *   <li>{@link #add}: each part of the node's kind as it is made (the core and its taps, a
 *       feed, a recorder), so that a start that fails half-way closes what it made;</li>
 *   <li>{@link #serve}: the front door accepts clients;</li>
 *   <li>{@link #close}: the front door first (no client is served from a closing node), then the
 *       parts, the last added first, then the hub, the meters, and the lock last.</li>
 * </ol>
 * One thread assembles a node and closes it; the parts it holds are safe to use from any.
 */
public final class NodeContext implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeContext.class);

    private final DirectoryLock lock;
    private final FrontDoor frontDoor;
    private final JsonCodec codec = new JsonCodec();
    private final ServerMetrics metrics;
    private final Hub hub;
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private boolean closed;

    private NodeContext(DirectoryLock lock, FrontDoor frontDoor) {
        this.lock = lock;
        this.frontDoor = frontDoor;
        this.metrics = new ServerMetrics();
        this.hub = new Hub(codec, metrics);
    }

    /**
     * Locks {@code dataDir} for {@code owner} (as a second process is told, e.g. {@code tickwire
     * serve}) and binds the front door, accepting nothing yet.
     *
     * @throws io.tickwire.journal.DirectoryLockedException    another process serves this data directory
     * @throws io.tickwire.server.frontdoor.FrontDoorBindException the address cannot be bound, or TLS not loaded
     */
    public static NodeContext open(String owner, Path dataDir, FrontDoorConfig frontDoor) throws IOException {
        DirectoryLock lock = DirectoryLock.acquire(dataDir, owner);
        try {
            return new NodeContext(lock, FrontDoor.bind(frontDoor));
        } catch (IOException | RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /** Keeps {@code part} to close before everything added earlier (and before the hub); returns it. */
    public <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    /**
     * The front door accepts clients, served from the hub, verifying tokens with {@code tokens}.
     *
     * @param orders where clients' commands go; null on a node that takes none (a relay)
     * @param status what the node reports about itself
     */
    public void serve(TokenService tokens, OrderEntry orders, NodeStatus status) {
        frontDoor.start(codec, tokens, hub, orders, status, metrics);
    }

    /** The front door: its port, and the 503 answers of a node still starting. */
    public FrontDoor frontDoor() {
        return frontDoor;
    }

    /** The hub, as other threads call it. */
    public Hub hub() {
        return hub;
    }

    /** The wire codec every part of the node shares. */
    public JsonCodec codec() {
        return codec;
    }

    /** The node's meters. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /**
     * Takes the node apart (once): the front door, the parts (the last added first), the hub, the
     * meters, the lock. A part that fails to close is logged and the rest still close.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(frontDoor);
        while (!parts.isEmpty()) {
            closeQuietly(parts.pop());
        }
        closeQuietly(hub);
        metrics.close();
        lock.close();
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", part, e.toString());
        }
    }
}
