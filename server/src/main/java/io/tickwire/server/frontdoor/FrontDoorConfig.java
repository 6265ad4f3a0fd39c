package io.tickwire.server.frontdoor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the gateway listens and its network limits.
 *
 * @param port                   TCP port; 0 picks a free one
 * @param maxFrameBytes          largest WebSocket message accepted, after its fragments are put
 *                               together (larger: close 1009)
 * @param maxQueuedBytes         bytes queued for one slow client before it is closed with 4008
 * @param messagesPerSecond      frames a connection may send per second, of any opcode (a burst of
 *                               the same size is allowed); beyond it: {@code rate_limited}, then 4029
 * @param maxSubscriptions       subscriptions per connection
 * @param maxConnectionsPerUser  authenticated connections per user
 * @param maxConnections         connections in total; the gateway also stays below the process's
 *                               file-descriptor limit (see {@link ConnectionLimits#effective})
 * @param pingInterval           the server sends a WebSocket ping this often ...
 * @param idleTimeout            ... and closes a connection from which nothing arrived for this long
 * @param restRequestsPerSecond  REST requests per second per client address (a burst of the same
 *                               size is allowed); beyond it: HTTP 429 {@code rate_limited}
 * @param host                   the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param tls                    the certificate and key for {@code wss://} and {@code https://};
 *                               {@code null} serves plain {@code ws://} and {@code http://}
 * @param ioThreads              Netty event loops serving connections (each connection stays on
 *                               one); 0: Netty's default, twice the cores
 * @param corsOrigins            origins (e.g. {@code https://app.example.com}) whose pages may call the
 *                               REST API from a browser, or {@code *} for any; empty: none but the
 *                               node's own origin (the console), which needs no CORS
 * @param trustedProxies         the proxies whose {@code Forwarded} / {@code X-Forwarded-For} name
 *                               the client's address, for the per-address limits; none by default
 * @param maxConnectionsPerAddress WebSocket connections one address may hold while anonymous (an
 *                               authenticated one counts against its user's limit instead); beyond
 *                               it the upgrade is answered 429
 * @param maxBodyBytes           largest HTTP request (REST) body; larger: 413 {@code too_large}
 * @param restQueue              REST reads that may wait for the disk-reading pool; beyond it:
 *                               503 with {@code Retry-After}
 */
public record FrontDoorConfig(int port, int maxFrameBytes, long maxQueuedBytes, int messagesPerSecond,
                            int maxSubscriptions, int maxConnectionsPerUser, int maxConnections,
                            Duration pingInterval, Duration idleTimeout, int restRequestsPerSecond,
                            String host, Tls tls, int ioThreads, List<String> corsOrigins,
                            TrustedProxies trustedProxies, int maxConnectionsPerAddress, int maxBodyBytes,
                            int restQueue) {

    /** Loopback: what an embedded or test server binds unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    public FrontDoorConfig {
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be 0 (Netty's default) or more, was " + ioThreads);
        }
        corsOrigins = List.copyOf(corsOrigins);
        if (trustedProxies == null) {
            trustedProxies = TrustedProxies.NONE;
        }
        if (maxConnectionsPerAddress < 1 || maxBodyBytes < 1024 || restQueue < 1) {
            throw new IllegalArgumentException("maxConnectionsPerAddress and restQueue must be at least 1 and"
                    + " maxBodyBytes at least 1024");
        }
        for (String origin : corsOrigins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/?#\\s]+")) {
                throw new IllegalArgumentException("a CORS origin is * or scheme://host[:port], with nothing after"
                        + " the host, was \"" + origin + "\"");
            }
        }
    }

    /**
     * A PEM certificate chain and its PKCS#8 PEM private key (unencrypted).
     *
     * @param certificate the certificate chain, leaf first
     * @param privateKey  the key of the leaf certificate
     */
    public record Tls(Path certificate, Path privateKey) {
    }

    /** The defaults on {@code port}, bound to loopback, without TLS. */
    public static FrontDoorConfig defaults(int port) {
        return new FrontDoorConfig(port, 64 * 1024, 8L << 20, 100, 100, 20, 50_000, Duration.ofSeconds(20),
                Duration.ofSeconds(60), 200, LOOPBACK, null, 0, List.of(), TrustedProxies.NONE, 1_000, 16 * 1024,
                1_024);
    }

    public FrontDoorConfig withMessagesPerSecond(int value) {
        return with(c -> c.messagesPerSecond = value);
    }

    public FrontDoorConfig withConnectionLimits(int perUser, int total) {
        return with(c -> {
            c.maxConnectionsPerUser = perUser;
            c.maxConnections = total;
        });
    }

    public FrontDoorConfig withHeartbeat(Duration ping, Duration idle) {
        return with(c -> {
            c.pingInterval = ping;
            c.idleTimeout = idle;
        });
    }

    public FrontDoorConfig withRestRequestsPerSecond(int value) {
        return with(c -> c.restRequestsPerSecond = value);
    }

    public FrontDoorConfig withMaxFrameBytes(int value) {
        return with(c -> c.maxFrameBytes = value);
    }

    public FrontDoorConfig withHost(String value) {
        return with(c -> c.host = value);
    }

    public FrontDoorConfig withTls(Tls value) {
        return with(c -> c.tls = value);
    }

    public FrontDoorConfig withIoThreads(int value) {
        return with(c -> c.ioThreads = value);
    }

    public FrontDoorConfig withCorsOrigins(List<String> value) {
        return with(c -> c.corsOrigins = value);
    }

    public FrontDoorConfig withTrustedProxies(TrustedProxies value) {
        return with(c -> c.trustedProxies = value);
    }

    public FrontDoorConfig withMaxConnectionsPerAddress(int value) {
        return with(c -> c.maxConnectionsPerAddress = value);
    }

    public FrontDoorConfig withMaxBodyBytes(int value) {
        return with(c -> c.maxBodyBytes = value);
    }

    public FrontDoorConfig withRestQueue(int value) {
        return with(c -> c.restQueue = value);
    }

    /** A copy with {@code change} applied: each {@code with} method changes only its own fields. */
    private FrontDoorConfig with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** The components as fields, for {@link #with}. */
    private static final class Copy {
        int port;
        int maxFrameBytes;
        long maxQueuedBytes;
        int messagesPerSecond;
        int maxSubscriptions;
        int maxConnectionsPerUser;
        int maxConnections;
        Duration pingInterval;
        Duration idleTimeout;
        int restRequestsPerSecond;
        String host;
        Tls tls;
        int ioThreads;
        List<String> corsOrigins;
        TrustedProxies trustedProxies;
        int maxConnectionsPerAddress;
        int maxBodyBytes;
        int restQueue;

        Copy(FrontDoorConfig c) {
            port = c.port;
            maxFrameBytes = c.maxFrameBytes;
            maxQueuedBytes = c.maxQueuedBytes;
            messagesPerSecond = c.messagesPerSecond;
            maxSubscriptions = c.maxSubscriptions;
            maxConnectionsPerUser = c.maxConnectionsPerUser;
            maxConnections = c.maxConnections;
            pingInterval = c.pingInterval;
            idleTimeout = c.idleTimeout;
            restRequestsPerSecond = c.restRequestsPerSecond;
            host = c.host;
            tls = c.tls;
            ioThreads = c.ioThreads;
            corsOrigins = c.corsOrigins;
            trustedProxies = c.trustedProxies;
            maxConnectionsPerAddress = c.maxConnectionsPerAddress;
            maxBodyBytes = c.maxBodyBytes;
            restQueue = c.restQueue;
        }

        FrontDoorConfig build() {
            return new FrontDoorConfig(port, maxFrameBytes, maxQueuedBytes, messagesPerSecond, maxSubscriptions,
                    maxConnectionsPerUser, maxConnections, pingInterval, idleTimeout, restRequestsPerSecond, host, tls,
                    ioThreads, corsOrigins, trustedProxies, maxConnectionsPerAddress, maxBodyBytes, restQueue);
        }
    }

    /** {@code wss} with TLS, else {@code ws}. */
    public String webSocketScheme() {
        return tls == null ? "ws" : "wss";
    }
}
