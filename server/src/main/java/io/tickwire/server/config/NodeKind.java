package io.tickwire.server.config;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The kinds of node that read the one configuration format ({@link ServerConfig}), and the keys
 * each takes. Every node is a front door, so all of them share the front door's keys: address,
 * TLS, limits, CORS, trusted proxies. A key of another kind's (a gateway given {@code markets})
 * is refused with a message that says whose it is, like an unknown key.
 */
public enum NodeKind {
    /** {@code tickwire serve}: one process with the engine and its journal, or a core with {@code nats}. */
    SERVE("serve", List.of("durability", "segment_bytes", "history_age", "retention_age", "retention_bytes",
            "snapshot_every_batches", "snapshot_every", "assets", "markets", "nats")),
    /** {@code tickwire gateway}: a node fed by a core through NATS JetStream. */
    GATEWAY("gateway", List.of("nats", "secret_file")),
    /** {@code tickwire relay}: a node that follows a Tickwire node or captures a feed into its journal. */
    RELAY("relay", List.of("retention_age", "retention_bytes"));

    /** What every node kind takes: the front door and the history kept in memory. */
    static final List<String> FRONT_DOOR = List.of("host", "port", "data", "tls", "io_threads", "limits",
            "cors_allowed_origins", "trusted_proxies", "history_events");

    private final String command;
    private final List<String> own;

    NodeKind(String command, List<String> own) {
        this.command = command;
        this.own = own;
    }

    /** The command that runs this kind: {@code serve}, {@code gateway}, {@code relay}. */
    public String command() {
        return command;
    }

    /** Every top-level key this kind takes. */
    String[] keys() {
        return Stream.concat(FRONT_DOOR.stream(), own.stream()).toArray(String[]::new);
    }

    /** The kinds other than this one that take {@code key}, for the message that refuses it. */
    List<String> othersTaking(String key) {
        Set<String> mine = Set.of(keys());
        if (mine.contains(key)) {
            return List.of();
        }
        return Stream.of(values()).filter(k -> k.own.contains(key)).map(NodeKind::command).toList();
    }
}
