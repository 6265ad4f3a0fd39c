package io.tickwire.nats;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.tickwire.server.config.JetStreamConfig;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Tickwire connects to NATS, for the core's publisher and a node's feed alike: every server of
 * the configuration, a 2 s connect timeout, and no reconnection by jnats. The caller replaces a
 * connection that failed with a new one ({@code docs/decisions.md}, "NATS JetStream through jnats");
 * jnats's own error reports go to SLF4J at debug, since the caller logs what a failure means.
 */
public final class NatsConnections {
    private static final Logger log = LoggerFactory.getLogger(NatsConnections.class);

    private static final ErrorListener TO_SLF4J = new ErrorListener() {
        @Override
        public void errorOccurred(Connection connection, String error) {
            log.debug("NATS error: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exp) {
            log.debug("NATS exception: {}", exp.toString());
        }
    };

    private NatsConnections() {
    }

    /** Closes {@code connection} if there is one; an interrupt is kept for the caller's thread. */
    public static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A connection that jnats reconnects by itself, for a subscriber that makes no requests (the
     * core's state responder): its subscriptions are re-established after a reconnect.
     *
     * @throws IOException when no server of the configuration accepts the first connect
     */
    public static Connection connectReconnecting(JetStreamConfig config, String name)
            throws IOException, InterruptedException {
        return Nats.connect(options(config, name).maxReconnects(-1).reconnectWait(Duration.ofMillis(250)).build());
    }

    /**
     * A new connection named {@code name} (as NATS's monitoring shows it).
     *
     * @throws IOException when no server of the configuration accepts it
     */
    public static Connection connect(JetStreamConfig config, String name) throws IOException, InterruptedException {
        return Nats.connect(options(config, name)
                .maxReconnects(0)
                .reportNoResponders() // a request nobody listens to fails at once, and says so
                .build());
    }

    /** What every Tickwire connection has: every server of the configuration, its name, a 2 s connect timeout. */
    private static Options.Builder options(JetStreamConfig config, String name) {
        return new Options.Builder()
                .servers(config.servers().toArray(String[]::new))
                .connectionName(name)
                .connectionTimeout(Duration.ofSeconds(2))
                .errorListener(TO_SLF4J);
    }
}
