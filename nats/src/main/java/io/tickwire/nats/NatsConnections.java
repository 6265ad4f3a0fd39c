package io.tickwire.nats;

import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.tickwire.server.config.JetStreamConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
            // A refused subject or login is the operator's to fix (the server's permissions, or this
            // node's credentials), and nothing the caller's retries can: say it where it is seen.
            if (error.contains("Permissions Violation") || error.contains("Authorization Violation")
                    || error.contains("Authentication")) {
                log.warn("NATS refused {}: {}", connection.getOptions().getConnectionName(), error);
            } else {
                log.debug("NATS error: {}", error);
            }
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exp) {
            log.debug("NATS exception: {}", exp.toString());
        }
    };

    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Map<String, Long> lastRefusalLogged = new ConcurrentHashMap<>();

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
        // The secrets are read into the options here: a reconnect by jnats reuses them.
        Options options = options(config, name).maxReconnects(-1).reconnectWait(Duration.ofMillis(250)).build();
        return connect(options, config, name);
    }

    /**
     * A new connection named {@code name} (as NATS's monitoring shows it).
     *
     * @throws IOException when no server of the configuration accepts it
     */
    public static Connection connect(JetStreamConfig config, String name) throws IOException, InterruptedException {
        return connect(options(config, name)
                .maxReconnects(0)
                .reportNoResponders() // a request nobody listens to fails at once, and says so
                .build(), config, name);
    }

    /**
     * Connects; a refused login is logged as a warning (at most once a minute per connection name,
     * since the callers retry), naming the kind of credentials and their file but never the secret.
     */
    private static Connection connect(Options options, JetStreamConfig config, String name)
            throws IOException, InterruptedException {
        try {
            return Nats.connect(options);
        } catch (AuthenticationException e) {
            long now = System.nanoTime();
            Long last = lastRefusalLogged.get(name);
            if (last == null || now - last > REFUSAL_LOG_INTERVAL_NANOS) {
                lastRefusalLogged.put(name, now);
                log.warn("NATS at {} refused the login of {} ({}): {}", config.displayServers(), name,
                        config.credentials().describe(), e.getMessage());
            }
            throw e;
        }
    }

    /**
     * What every Tickwire connection has: every server of the configuration, its name, a 2 s
     * connect timeout, and the configuration's credentials and TLS.
     *
     * @throws IOException when a credentials or TLS file cannot be read or used
     */
    private static Options.Builder options(JetStreamConfig config, String name) throws IOException {
        return NatsAuthentication.apply(new Options.Builder()
                .servers(config.servers().toArray(String[]::new))
                .connectionName(name)
                .connectionTimeout(Duration.ofSeconds(2))
                .errorListener(TO_SLF4J), config.credentials(), config.tls());
    }
}
