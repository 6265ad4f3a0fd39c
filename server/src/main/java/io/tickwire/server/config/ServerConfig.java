package io.tickwire.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.journal.Durability;
import io.tickwire.protocol.decimal.DecimalFormatException;
import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.server.frontdoor.TrustedProxies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Everything a node can be told, from a YAML file: one format for every node kind
 * ({@link NodeKind}: {@code serve}, {@code gateway}, {@code relay}), each taking the front door's
 * keys and its own. Every key has an embedded default, so an empty file (or none) runs the demo
 * venue. Read strictly: an unknown key, another kind's key or a bad value stops the start with
 * one message naming the key. Keys (see docs/server.md): {@code host, port, data, tls.cert,
 * tls.key, io_threads, limits.*, cors_allowed_origins, trusted_proxies, history_events} for every
 * node; {@code durability, segment_bytes, history_age, retention_age, retention_bytes,
 * snapshot_every_batches, snapshot_every, assets, markets, nats.*} for {@code serve};
 * {@code nats.*, secret_file} for a gateway; {@code retention_age, retention_bytes} for a relay.
 * {@code nats} is null when the file has no {@code nats} section, {@code secretFile} when it names
 * none.
 */
public record ServerConfig(int port, Path data, MarketRegistry markets, CoreConfig core, FrontDoorConfig frontDoor,
                           JetStreamConfig nats, Path secretFile) {


    /** The embedded defaults: 127.0.0.1, port 8080, ./data, the demo markets. */
    public static ServerConfig defaults() {
        Path data = Path.of("./data");
        return new ServerConfig(8080, data, DemoVenue.markets(), CoreConfig.defaults(data),
                FrontDoorConfig.defaults(8080), null, null);
    }

    /** Reads a YAML file; {@code port} and {@code data} given on the command line win when not null. */
    public static ServerConfig load(Path file, Integer portOverride, Path dataOverride) throws ConfigException {
        return load(file, portOverride, dataOverride, null);
    }

    /** Reads a YAML file; {@code port}, {@code data} and {@code host} given on the command line win when not null. */
    public static ServerConfig load(Path file, Integer portOverride, Path dataOverride, String hostOverride)
            throws ConfigException {
        return from(ConfigReader.readFile(file), portOverride, dataOverride, hostOverride);
    }

    /** Builds from a parsed tree ({@code null}: all defaults). */
    public static ServerConfig from(JsonNode root, Integer portOverride, Path dataOverride) throws ConfigException {
        return from(root, portOverride, dataOverride, null);
    }

    /** Builds from a parsed tree ({@code null}: all defaults); the overrides win when not null. */
    public static ServerConfig from(JsonNode root, Integer portOverride, Path dataOverride, String hostOverride)
            throws ConfigException {
        return from(NodeKind.SERVE, root, portOverride, dataOverride, hostOverride);
    }

    /**
     * Reads a YAML file for a node of {@code kind}; {@code port}, {@code data} and {@code host} given
     * on the command line win when not null. A key that {@code kind} does not take is refused.
     */
    public static ServerConfig load(NodeKind kind, Path file, Integer portOverride, Path dataOverride,
                                    String hostOverride) throws ConfigException {
        return from(kind, file == null ? null : ConfigReader.readFile(file), portOverride, dataOverride,
                hostOverride);
    }

    /**
     * Builds the configuration of a node of {@code kind} from a parsed tree ({@code null}: all
     * defaults); the overrides win when not null. The keys a kind does not use keep their defaults.
     */
    public static ServerConfig from(NodeKind kind, JsonNode root, Integer portOverride, Path dataOverride,
                                    String hostOverride) throws ConfigException {
        ConfigReader r = new ConfigReader(root, "");
        if (root != null) {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                List<String> whose = kind.othersTaking(key);
                if (!whose.isEmpty()) {
                    throw new ConfigException(key + ": not a key of a " + kind.command() + " node (it is "
                            + String.join(" and ", whose) + "'s)");
                }
            }
        }
        r.allow(kind.keys());
        int defaultPort = kind == NodeKind.RELAY ? 8090 : 8080;
        int port = portOverride != null ? portOverride : r.integer("port", defaultPort, 0, 65535);
        String host = hostOverride != null ? hostOverride : r.string("host", FrontDoorConfig.LOOPBACK);
        if (host.isBlank()) {
            throw new ConfigException("host: must be an address such as 127.0.0.1 or 0.0.0.0");
        }
        String defaultData = switch (kind) {
            case SERVE -> "./data";
            case GATEWAY -> "./data-gateway";
            case RELAY -> "./data-relay";
        };
        Path data = dataOverride != null ? dataOverride : Path.of(r.string("data", defaultData));

        CoreConfig defaults = CoreConfig.defaults(data);
        Durability durability = switch (r.string("durability", "fsync")) {
            case "fsync" -> Durability.FSYNC;
            case "none" -> Durability.NONE;
            default -> throw new ConfigException("durability: must be fsync or none");
        };
        var journal = defaults.journal().withDurability(durability)
                .withSegmentBytes(r.longValue("segment_bytes", 64L << 20, 1L << 16, 1L << 40))
                .withHistory(r.integer("history_events", 10_000, kind == NodeKind.SERVE ? 0 : 1, 10_000_000),
                        r.duration("history_age", Duration.ofHours(1)))
                .withRetention(r.duration("retention_age", Duration.ofDays(7)),
                        r.longValue("retention_bytes", 10L << 30, 0, Long.MAX_VALUE));
        CoreConfig core = defaults.withJournal(journal).withSnapshots(
                r.longValue("snapshot_every_batches", 100_000, 1, Long.MAX_VALUE),
                r.duration("snapshot_every", Duration.ofMinutes(5)));

        FrontDoorConfig frontDoor = frontDoor(r, port, host);
        MarketRegistry markets = r.has("markets") || r.has("assets") ? markets(r) : DemoVenue.markets();
        Path secretFile = r.has("secret_file") ? readable(r, "secret_file", r.required("secret_file")) : null;
        return new ServerConfig(port, data, markets, core, frontDoor, nats(r.object("nats")), secretFile);
    }

    /**
     * The front door's keys, which every node kind reads alike: {@code tls, io_threads, limits.*,
     * cors_allowed_origins, trusted_proxies}.
     */
    private static FrontDoorConfig frontDoor(ConfigReader r, int port, String host) throws ConfigException {
        FrontDoorConfig.Tls tls = tls(r.object("tls"));
        ConfigReader l = r.object("limits");
        l.allow("max_frame_bytes", "max_body_bytes", "max_queued_bytes", "messages_per_second", "max_subscriptions",
                "max_connections_per_user", "max_connections_per_address", "max_connections", "ping_interval",
                "idle_timeout", "rest_requests_per_second", "rest_read_queue");
        FrontDoorConfig d = FrontDoorConfig.defaults(port);
        List<String> corsOrigins = r.strings("cors_allowed_origins", List.of());
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(r.strings("trusted_proxies", List.of()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.path("trusted_proxies") + ": " + e.getMessage());
        }
        try {
            return new FrontDoorConfig(port,
                l.integer("max_frame_bytes", d.maxFrameBytes(), 1024, 16 << 20),
                l.longValue("max_queued_bytes", d.maxQueuedBytes(), 64 * 1024, 1L << 34),
                l.integer("messages_per_second", d.messagesPerSecond(), 1, 1_000_000),
                l.integer("max_subscriptions", d.maxSubscriptions(), 1, 100_000),
                l.integer("max_connections_per_user", d.maxConnectionsPerUser(), 1, 100_000),
                l.integer("max_connections", d.maxConnections(), 1, 10_000_000),
                l.duration("ping_interval", d.pingInterval()),
                l.duration("idle_timeout", d.idleTimeout()),
                l.integer("rest_requests_per_second", d.restRequestsPerSecond(), 1, 1_000_000), host, tls,
                r.integer("io_threads", 0, 0, 1024), corsOrigins, proxies,
                l.integer("max_connections_per_address", d.maxConnectionsPerAddress(), 1, 10_000_000),
                (int) l.bytes("max_body_bytes", d.maxBodyBytes(), 1024, 16 << 20),
                l.integer("rest_read_queue", d.restQueue(), 1, 1_000_000));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.path("cors_allowed_origins") + ": " + e.getMessage());
        }
    }

    /**
     * {@code nats: {servers, stream, replicas, max_age, max_bytes, duplicate_window, ack_timeout,
     * max_in_flight, auth, tls}}, or null when the file has no {@code nats} section.
     */
    public static JetStreamConfig nats(ConfigReader n) throws ConfigException {
        n.allow("servers", "stream", "replicas", "max_age", "max_bytes", "duplicate_window", "ack_timeout",
                "max_in_flight", "auth", "tls");
        if (!n.present()) {
            return null;
        }
        if (!n.has("servers")) {
            throw new ConfigException("nats.servers: is required (nats://HOST:PORT, or a list of them)");
        }
        List<String> urls = n.strings("servers", List.of());
        JetStreamConfig d = JetStreamConfig.defaults("nats://127.0.0.1:4222", JetStreamConfig.DEFAULT_STREAM);
        try {
            return new JetStreamConfig(urls, n.string("stream", d.stream()), n.integer("replicas", 1, 1, 5),
                    n.duration("max_age", d.maxAge()), n.longValue("max_bytes", d.maxBytes(), -1, Long.MAX_VALUE),
                    n.duration("duplicate_window", d.duplicateWindow()), n.duration("ack_timeout", d.ackTimeout()),
                    n.integer("max_in_flight", d.maxInFlight(), 1, 65_536), natsAuth(n.object("auth")),
                    natsTls(n.object("tls")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * {@code nats.auth: {user, password_file} | {token_file} | {nkey_file} | {creds_file}}: one kind
     * at most, every secret in a file that must be readable ({@link NatsCredentials#from}, the
     * command line's rules).
     */
    private static NatsCredentials natsAuth(ConfigReader a) throws ConfigException {
        a.allow("user", "password_file", "token_file", "nkey_file", "creds_file");
        if (!a.present()) {
            return NatsCredentials.NONE;
        }
        try {
            NatsCredentials credentials = NatsCredentials.from(given(a, "user"), given(a, "password_file"),
                    given(a, "token_file"), given(a, "nkey_file"), given(a, "creds_file"));
            if (credentials == NatsCredentials.NONE) {
                throw new IllegalArgumentException(a.path("user") + ": nats.auth needs user and password_file,"
                        + " token_file, nkey_file or creds_file");
            }
            return credentials;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** {@code nats.tls: {ca, cert, key}}, or null; each given file must be readable ({@link NatsTls#from}). */
    private static NatsTls natsTls(ConfigReader t) throws ConfigException {
        t.allow("ca", "cert", "key");
        if (!t.present()) {
            return null;
        }
        try {
            return NatsTls.from(given(t, "ca"), given(t, "cert"), given(t, "key"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static NatsCredentials.Given given(ConfigReader r, String key) throws ConfigException {
        return new NatsCredentials.Given(r.path(key), r.has(key) ? r.required(key) : null);
    }

    private static Path readable(ConfigReader r, String key, String file) throws ConfigException {
        try {
            return NatsCredentials.readableFile(new NatsCredentials.Given(r.path(key), file));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** {@code tls: {cert, key}}: both or neither; each must be a readable file. */
    private static FrontDoorConfig.Tls tls(ConfigReader t) throws ConfigException {
        t.allow("cert", "key");
        if (!t.has("cert") && !t.has("key")) {
            return null;
        }
        Path cert = Path.of(t.required("cert"));
        Path key = Path.of(t.required("key"));
        for (Path file : new Path[] {cert, key}) {
            if (!Files.isReadable(file)) {
                throw new ConfigException("tls." + (file == cert ? "cert" : "key") + ": cannot read " + file);
            }
        }
        return new FrontDoorConfig.Tls(cert, key);
    }

    private static MarketRegistry markets(ConfigReader r) throws ConfigException {
        JsonNode assets = r.array("assets");
        JsonNode markets = r.array("markets");
        MarketRegistry.Builder builder = MarketRegistry.builder();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < assets.size(); i++) {
            ConfigReader a = new ConfigReader(assets.get(i), "assets[" + i + "].");
            a.allow("name", "scale");
            String name = a.required("name");
            if (!names.add(name)) {
                throw new ConfigException("assets[" + i + "].name: " + name + " is defined twice");
            }
            try {
                builder.asset(name, a.integer("scale", 8, 0, 18));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("assets[" + i + "]: " + e.getMessage());
            }
        }
        for (int i = 0; i < markets.size(); i++) {
            String at = "markets[" + i + "].";
            ConfigReader m = new ConfigReader(markets.get(i), at);
            m.allow("base", "quote", "price_scale", "qty_scale", "min_qty", "maker_fee", "taker_fee");
            try {
                builder.market(m.required("base"), m.required("quote"), m.integer("price_scale", 2, 0, 18),
                        m.integer("qty_scale", 6, 0, 18), m.string("min_qty", "0.0001"), m.feePpm("maker_fee", "0.001"),
                        m.feePpm("taker_fee", "0.002"));
            } catch (DecimalFormatException e) {
                throw new ConfigException(at + "min_qty: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("markets[" + i + "]: " + e.getMessage());
            }
        }
        if (markets.isEmpty()) {
            throw new ConfigException("markets: at least one market is needed");
        }
        return builder.build();
    }
}
