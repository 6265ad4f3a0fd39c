package io.tickwire.nats.publish;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.nats.wire.RevocationFrame;
import io.tickwire.server.auth.Revocation;
import io.tickwire.server.auth.RevocationCodec;
import io.tickwire.server.auth.RevocationSet;
import io.tickwire.server.config.JetStreamConfig;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's side of {@link RevocationFrame}: announces each change of the core's revocations on
 * {@code STREAM.revoked}, their version every second, and answers requests for the whole set on
 * {@code STREAM.revocations}. A change made while NATS is away is buffered by jnats's reconnecting
 * connection, and the next heartbeat tells a node that missed one to ask for the set.
 */
final class RevocationAnnouncer {
    private static final Logger log = LoggerFactory.getLogger(RevocationAnnouncer.class);

    private final JetStreamConfig config;
    private final RevocationSet revocations;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong changes = new AtomicLong();
    private volatile Connection connection;

    RevocationAnnouncer(JetStreamConfig config, RevocationSet revocations) {
        this.config = config;
        this.revocations = revocations;
        revocations.addListener(this::changed);
    }

    /** Serves requests for the whole set on {@code dispatcher} of {@code c}, from now on. */
    void connected(Connection c, Dispatcher dispatcher) {
        connection = c;
        dispatcher.subscribe(config.revocationsSubject(), this::answer);
    }

    /** Announces the version with no entries: how a node that missed a change learns it. */
    void heartbeat() {
        announce(List.of(), changes.get());
    }

    /** On the thread that changed the set (the admin endpoint's): a buffered publish, never blocking. */
    private void changed(List<Revocation> added) {
        announce(added, changes.incrementAndGet());
    }

    private void announce(List<Revocation> added, long version) {
        Connection c = connection;
        if (c == null) {
            return; // not connected yet: a node asks for the set when it starts, and heartbeats follow
        }
        Headers headers = new Headers().put(RevocationFrame.VERSION,
                new RevocationFrame.Version(instance, version).header());
        c.publish(config.revokedSubject(), headers, RevocationCodec.encode(added));
    }

    /** On jnats's dispatcher thread: the whole set, read now, as of a version no later than it. */
    private void answer(Message request) {
        Connection c = connection;
        String replyTo = request.getReplyTo();
        if (c == null || replyTo == null) {
            return;
        }
        // The version first: a change between the two reads is in the set and also announced
        // after, and adding a revocation twice is harmless.
        String version = new RevocationFrame.Version(instance, changes.get()).header();
        List<Revocation> entries = revocations.entries();
        List<byte[]> parts = BatchFrame.split(RevocationCodec.encode(entries),
                (int) Math.max(1024, c.getMaxPayload() - 1024));
        for (int i = 0; i < parts.size(); i++) {
            c.publish(replyTo, new Headers()
                    .put(RevocationFrame.VERSION, version)
                    .put(BatchFrame.PART, (i + 1) + "/" + parts.size()), parts.get(i));
        }
        log.debug("sent {} revocations to a gateway node", entries.size());
    }
}
