package io.tickwire.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how a core publishes its durable batches to NATS JetStream, and gateways read them:
 * the {@code nats} section of the configuration file, or {@code --nats} on the command line. Used
 * by the {@code tickwire-nats} module; kept here, with the rest of a node's configuration, so the
 * file is read in one place.
 *
 * @param servers           NATS URLs, {@code nats://HOST:PORT}; several for a cluster
 * @param stream            the JetStream stream, created by the core when absent
 * @param replicas          the stream's replicas: 1 on one box, 3 in production
 * @param maxAge            how long the stream keeps a batch: the furthest back a gateway can resume
 * @param maxBytes          the most the stream holds, oldest batches dropped first (-1: no bound)
 * @param duplicateWindow   how long JetStream remembers message ids to drop a re-published batch
 * @param ackTimeout        how long the publisher waits for JetStream to acknowledge a batch before
 *                          it treats the connection as lost and catches up from the journal
 * @param maxInFlight       batches published and not yet acknowledged, at most
 * @param credentials       how the node authenticates to NATS ({@link NatsCredentials#NONE}: it does not)
 * @param tls               TLS to NATS, or {@code null} (plain, unless a URL says {@code tls://})
 */
public record JetStreamConfig(List<String> servers, String stream, int replicas, Duration maxAge, long maxBytes,
                              Duration duplicateWindow, Duration ackTimeout, int maxInFlight,
                              NatsCredentials credentials, NatsTls tls) {
    /** The default stream name. */
    public static final String DEFAULT_STREAM = "TICKWIRE";

    /** {@code nats://HOST:PORT}, optionally with {@code user:password@} or {@code token@} before the host. */
    private static final Pattern SERVER_URL = Pattern.compile("(nats|tls)://([^@/\\s]+@)?[^@/\\s]+:\\d{1,5}");
    /** The secret part of a URL's user information: a password, or a token given alone. */
    private static final Pattern URL_SECRET = Pattern.compile("^([a-z]+://)([^@:/]+)(:[^@/]*)?@");

    public JetStreamConfig {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("nats: at least one server URL is needed");
        }
        for (String url : servers) {
            if (!SERVER_URL.matcher(url).matches()) {
                throw new IllegalArgumentException("nats: a server URL is nats://HOST:PORT; was '" + masked(url)
                        + "' (tls://HOST:PORT asks for TLS)");
            }
        }
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(credentials, "credentials");
        if (!stream.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException(
                    "nats: a stream name is 1-64 letters, digits, '_' or '-'; was '" + stream + "'");
        }
        if (replicas < 1 || replicas > 5) {
            throw new IllegalArgumentException("nats: replicas must be 1 to 5; was " + replicas);
        }
        requirePositive(maxAge, "max age");
        requirePositive(duplicateWindow, "duplicate window");
        requirePositive(ackTimeout, "ack timeout");
        if (maxBytes != -1 && maxBytes < 1 << 20) {
            throw new IllegalArgumentException("nats: max bytes must be at least 1 MiB, or -1; was " + maxBytes);
        }
        if (maxInFlight < 1 || maxInFlight > 65_536) {
            throw new IllegalArgumentException("nats: max in flight must be 1 to 65536; was " + maxInFlight);
        }
    }

    /**
     * The defaults for one URL and a stream name: one replica, 7 days and 10 GiB kept, a 2 minute
     * duplicate window (JetStream's own default), 5 s to acknowledge, 1,024 batches in flight.
     */
    public static JetStreamConfig defaults(String url, String stream) {
        return new JetStreamConfig(List.of(url), stream, 1, Duration.ofDays(7), 10L << 30, Duration.ofMinutes(2),
                Duration.ofSeconds(5), 1024, NatsCredentials.NONE, null);
    }

    /**
     * {@code url} as it may be printed or logged: a password in it ({@code nats://user:pass@...}) or a
     * token given as the user ({@code nats://token@...}) is replaced by {@code ***}.
     */
    public static String masked(String url) {
        Matcher m = URL_SECRET.matcher(url);
        if (!m.find()) {
            return url;
        }
        String rest = url.substring(m.end());
        return m.group(3) != null ? m.group(1) + m.group(2) + ":***@" + rest : m.group(1) + "***@" + rest;
    }

    /** The servers as they may be printed: comma-separated, secrets in URLs masked ({@link #masked}). */
    public String displayServers() {
        return String.join(", ", servers.stream().map(JetStreamConfig::masked).toList());
    }

    /** The subject the batches are published on: the stream's name in lower case, then {@code .batches}. */
    public String subject() {
        return stream.toLowerCase(Locale.ROOT) + ".batches";
    }

    /** The subject on which the core answers a gateway node's request for its state. */
    public String stateSubject() {
        return stream.toLowerCase(Locale.ROOT) + ".state";
    }

    /** The subject on which the core takes commands forwarded by gateway nodes. */
    public String commandSubject() {
        return stream.toLowerCase(Locale.ROOT) + ".commands";
    }

    /** The subject on which the core answers a gateway node's request for the revocations in force. */
    public String revocationsSubject() {
        return stream.toLowerCase(Locale.ROOT) + ".revocations";
    }

    /** The subject on which the core announces each change of its revocations, and their version each second. */
    public String revokedSubject() {
        return stream.toLowerCase(Locale.ROOT) + ".revoked";
    }

    /** This configuration with other servers. */
    public JetStreamConfig withServers(List<String> urls) {
        return new JetStreamConfig(urls, stream, replicas, maxAge, maxBytes, duplicateWindow, ackTimeout,
                maxInFlight, credentials, tls);
    }

    /** This configuration with another stream name. */
    public JetStreamConfig withStream(String name) {
        return new JetStreamConfig(servers, name, replicas, maxAge, maxBytes, duplicateWindow, ackTimeout,
                maxInFlight, credentials, tls);
    }

    /** This configuration with other replicas. */
    public JetStreamConfig withReplicas(int n) {
        return new JetStreamConfig(servers, stream, n, maxAge, maxBytes, duplicateWindow, ackTimeout,
                maxInFlight, credentials, tls);
    }

    /** This configuration with another acknowledgement timeout. */
    public JetStreamConfig withAckTimeout(Duration timeout) {
        return new JetStreamConfig(servers, stream, replicas, maxAge, maxBytes, duplicateWindow, timeout,
                maxInFlight, credentials, tls);
    }

    /** This configuration with other credentials. */
    public JetStreamConfig withCredentials(NatsCredentials value) {
        return new JetStreamConfig(servers, stream, replicas, maxAge, maxBytes, duplicateWindow, ackTimeout,
                maxInFlight, value, tls);
    }

    /** This configuration with TLS to NATS ({@code null}: none). */
    public JetStreamConfig withTls(NatsTls value) {
        return new JetStreamConfig(servers, stream, replicas, maxAge, maxBytes, duplicateWindow, ackTimeout,
                maxInFlight, credentials, value);
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("nats: " + what + " must be positive; was " + d);
        }
    }
}
