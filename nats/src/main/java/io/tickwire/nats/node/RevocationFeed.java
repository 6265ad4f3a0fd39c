package io.tickwire.nats.node;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.tickwire.nats.NatsConnections;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.nats.wire.RevocationFrame;
import io.tickwire.server.auth.Revocation;
import io.tickwire.server.auth.RevocationCodec;
import io.tickwire.server.auth.RevocationSet;
import io.tickwire.server.config.JetStreamConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway node's copy of the core's token revocations ({@link RevocationFrame}): the whole set
 * asked for at the start, before the node serves, then each change as the core announces it. A
 * node that finds itself behind (a change it missed while cut from NATS, or a restarted core) asks
 * for the whole set again. Adding a revocation the set already has changes nothing, so the two
 * paths may overlap.
 *
 * <p>Runs on jnats's dispatcher thread; {@link #start} waits on the caller's. The state is guarded
 * by this object's monitor: it is touched a few times a second at most, never on an event loop.
 */
final class RevocationFeed implements AutoCloseable {
    /** A request for the whole set not answered in this time is asked again at the next heartbeat. */
    private static final long FETCH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);

    private final JetStreamConfig config;
    private final RevocationSet revocations;
    private final CompletableFuture<Void> firstSet = new CompletableFuture<>();
    private Connection connection;
    private Dispatcher dispatcher;
    /** The core's version this copy holds: every change up to it is in the set. */
    private RevocationFrame.Version held;
    private String fetchInbox;
    private long fetchStarted;
    private final ByteArrayOutputStream fetched = new ByteArrayOutputStream();
    private int nextPart = 1;

    private RevocationFeed(JetStreamConfig config, RevocationSet revocations) {
        this.config = config;
        this.revocations = revocations;
    }

    /**
     * Connects, follows the core's changes into {@code revocations}, and returns once the whole set
     * is in: a node must not take a token the core has revoked.
     *
     * @throws IOException when NATS or the core does not answer within {@code timeout}
     */
    static RevocationFeed start(JetStreamConfig config, RevocationSet revocations, Duration timeout)
            throws IOException, InterruptedException {
        RevocationFeed feed = new RevocationFeed(config, revocations);
        try {
            feed.connect();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                feed.fetch();
                try {
                    feed.firstSet.get(Math.min(FETCH_TIMEOUT_NANOS, Math.max(1, deadline - System.nanoTime())),
                            TimeUnit.NANOSECONDS);
                    return feed;
                } catch (TimeoutException e) {
                    if (System.nanoTime() >= deadline) {
                        throw new IOException("the core did not send its token revocations within "
                                + timeout.toSeconds() + " s on " + config.revocationsSubject(), e);
                    }
                } catch (ExecutionException e) {
                    throw new IOException("the core's token revocations could not be read: "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    private synchronized void connect() throws IOException, InterruptedException {
        connection = NatsConnections.connectReconnecting(config, "tickwire-gateway-revocations");
        dispatcher = connection.createDispatcher();
        dispatcher.subscribe(config.revokedSubject(), this::onChange);
    }

    /** Asks for the whole set on a new inbox; parts of an older request are then ignored. */
    private synchronized void fetch() {
        if (fetchInbox != null) {
            dispatcher.unsubscribe(fetchInbox);
        }
        fetchInbox = connection.createInbox();
        fetchStarted = System.nanoTime();
        fetched.reset();
        nextPart = 1;
        dispatcher.subscribe(fetchInbox, this::onPart);
        connection.publish(config.revocationsSubject(), fetchInbox, new byte[0]);
    }

    private synchronized void onChange(Message message) {
        RevocationFrame.Version version;
        List<Revocation> added;
        try {
            version = RevocationFrame.Version.parse(message.getHeaders() == null ? null
                    : message.getHeaders().getFirst(RevocationFrame.VERSION));
            added = RevocationCodec.decode(message.getData());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("an announcement on {} that is not the core's revocations: {}", config.revokedSubject(),
                    e.getMessage());
            return;
        }
        if (!added.isEmpty()) {
            add(added);
        }
        boolean next = held != null && held.instance().equals(version.instance())
                && version.changes() == held.changes() + 1;
        boolean current = held != null && held.instance().equals(version.instance())
                && version.changes() <= held.changes();
        if (next && !added.isEmpty()) {
            held = version;
        } else if (!current && (fetchInbox == null || System.nanoTime() - fetchStarted > FETCH_TIMEOUT_NANOS)) {
            if (held != null) {
                log.info("this node's revocations are behind the core's ({} after {}): asking for them all",
                        version.header(), held.header());
            }
            fetch();
        }
    }

    private synchronized void onPart(Message part) {
        if (!part.getSubject().equals(fetchInbox)) {
            return;
        }
        if (part.isStatusMessage()) { // no core yet: the next heartbeat, or start's retry, asks again
            dispatcher.unsubscribe(fetchInbox);
            fetchInbox = null;
            return;
        }
        try {
            String index = part.getHeaders() == null ? null : part.getHeaders().getFirst(BatchFrame.PART);
            int slash = index == null ? -1 : index.indexOf('/');
            if (slash < 0 || Integer.parseInt(index.substring(0, slash)) != nextPart) {
                throw new IOException("part " + index + " came where part " + nextPart + " was due");
            }
            fetched.writeBytes(part.getData());
            if (nextPart++ < Integer.parseInt(index.substring(slash + 1))) {
                return;
            }
            RevocationFrame.Version version = RevocationFrame.Version.parse(
                    part.getHeaders().getFirst(RevocationFrame.VERSION));
            List<Revocation> all = RevocationCodec.decode(fetched.toByteArray());
            add(all);
            if (held == null || !held.instance().equals(version.instance()) || held.changes() < version.changes()) {
                held = version;
            }
            log.info("holding the core's {} token revocations (version {})", all.size(), version.header());
            firstSet.complete(null);
        } catch (IOException | IllegalArgumentException e) {
            log.warn("the core's answer on {} could not be read: {}", config.revocationsSubject(), e.getMessage());
        }
        dispatcher.unsubscribe(fetchInbox);
        fetchInbox = null;
    }

    private void add(List<Revocation> added) {
        try {
            revocations.add(added);
        } catch (IOException e) { // full (an in-memory set writes nothing): the core keeps the same bound
            log.error("revocations from the core not taken: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        Connection c;
        synchronized (this) {
            c = connection;
        }
        NatsConnections.closeQuietly(c);
    }
}
