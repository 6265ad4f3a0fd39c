package io.tickwire.relay.capture;

import java.net.URISyntaxException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.server.config.ConfigException;
import io.tickwire.server.config.ConfigReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code tickwire relay --capture FEED.yaml} captures, and how: the upstream's URL and
 * headers, the frames sent after each connect, how each frame's topic is named, the heartbeat,
 * the reconnect backoff, the bounds on frames and on what is kept. Every key is documented in
 * {@code docs/relay.md}; an unknown key or a bad value is a {@link ConfigException} naming it.
 *
 * @param url             {@code ws://} or {@code wss://}
 * @param headers         sent with every connect (an API key, say)
 * @param subscribe       text frames sent after every connect, in order
 * @param topic           how a frame's topic is named
 * @param pingMessage     a text frame sent every {@code pingInterval}; {@code null}: a WebSocket ping
 * @param pingInterval    how often to ping
 * @param idleTimeout     no frame for this long and the connection counts as dead
 * @param reconnectInitial the backoff's first cap; every delay is drawn at random below its cap
 * @param reconnectMax    the cap's ceiling
 * @param maxFrameBytes   a longer frame is rejected
 * @param retentionAge    journals are kept this long
 * @param retentionBytes  and at most this much, all epochs together
 * @param historyEvents   events per topic served from memory
 * @param rejectedPerMinute rejected frames recorded on {@code _rejected} per minute; the rest are counted only
 */
public record CaptureConfig(URI url, Map<String, String> headers, List<String> subscribe, TopicRule topic,
                            String pingMessage, Duration pingInterval, Duration idleTimeout,
                            Duration reconnectInitial, Duration reconnectMax, int maxFrameBytes,
                            Duration retentionAge, long retentionBytes, int historyEvents, int rejectedPerMinute) {

    /**
     * How a frame's topic is named: the values at {@code pointers} (JSON pointers such as
     * {@code /stream}, or {@code /channel} and {@code /symbol}), joined with {@code .}, after
     * {@code prefix}; {@code fallback} for a frame without them ({@code null}: such a frame is
     * rejected).
     */
    public record TopicRule(List<String> pointers, String prefix, String fallback) {
        public TopicRule {
            pointers = List.copyOf(pointers);
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    public CaptureConfig {
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        subscribe = List.copyOf(subscribe);
        Objects.requireNonNull(topic, "topic");
    }

    /** Reads a capture file. */
    public static CaptureConfig load(Path file) throws ConfigException {
        JsonNode root = ConfigReader.readFile(file);
        if (root == null) {
            throw new ConfigException(file + ": is empty; it needs at least url and topic");
        }
        return from(root);
    }

    /** Builds from a parsed tree. */
    public static CaptureConfig from(JsonNode root) throws ConfigException {
        ConfigReader r = new ConfigReader(root, "");
        r.allow("url", "headers", "subscribe", "topic", "ping", "idle_timeout", "reconnect", "max_frame_bytes",
                "retention", "history_events", "rejected_per_minute");
        URI url;
        try {
            url = new URI(r.required("url"));
        } catch (URISyntaxException e) {
            throw new ConfigException("url: not a URI: " + e.getMessage());
        }
        if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
            throw new ConfigException("url: must be ws:// or wss://, was " + url);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ConfigReader h = r.object("headers");
        if (h.present()) {
            for (Map.Entry<String, JsonNode> e : r.value("headers").properties()) {
                if (!e.getValue().isValueNode()) {
                    throw new ConfigException("headers." + e.getKey() + ": must be a single value");
                }
                headers.put(e.getKey(), e.getValue().asText());
            }
        }
        List<String> subscribe = new ArrayList<>();
        if (r.has("subscribe")) {
            for (JsonNode frame : r.array("subscribe")) {
                // A mapping in YAML is sent as its JSON; a string as it is.
                subscribe.add(frame.isTextual() ? frame.asText() : frame.toString());
            }
        }
        ConfigReader t = r.object("topic");
        if (!t.present()) {
            throw new ConfigException("topic: is required: {pointer: /stream} or {pointers: [/channel, /symbol]}, "
                    + "with an optional fallback and prefix");
        }
        t.allow("pointer", "pointers", "prefix", "fallback");
        List<String> pointers = new ArrayList<>();
        if (t.has("pointer")) {
            pointers.add(t.string("pointer", null));
        }
        if (t.has("pointers")) {
            t.array("pointers").forEach(p -> pointers.add(p.asText()));
        }
        if (pointers.isEmpty()) {
            throw new ConfigException("topic: needs pointer (e.g. /stream) or pointers (e.g. [/channel, /symbol])");
        }
        for (String p : pointers) {
            if (!p.startsWith("/")) {
                throw new ConfigException("topic.pointer: a JSON pointer starts with /, was \"" + p + "\"");
            }
        }
        String prefix = t.string("prefix", "");
        String fallback = t.string("fallback", null);
        if (fallback != null && TopicNamer.name(fallback, "") == null) {
            throw new ConfigException("topic.fallback: \"" + fallback + "\" is not a feed topic name (1 to 48 of "
                    + "A-Z a-z 0-9 _ . - @ : ! ~ +, not a name of Tickwire's own topics, not starting with _)");
        }
        ConfigReader ping = r.object("ping");
        ping.allow("message", "interval");
        String pingMessage = null;
        if (ping.has("message")) {
            JsonNode m = ping.value("message");
            pingMessage = m.isTextual() ? m.asText() : m.toString();
        }
        Duration pingInterval = ping.duration("interval", Duration.ofSeconds(20));
        ConfigReader reconnect = r.object("reconnect");
        reconnect.allow("initial", "max");
        Duration initial = reconnect.duration("initial", Duration.ofMillis(250));
        Duration max = reconnect.duration("max", Duration.ofSeconds(30));
        if (max.compareTo(initial) < 0) {
            throw new ConfigException("reconnect.max: must be at least reconnect.initial");
        }
        ConfigReader retention = r.object("retention");
        retention.allow("max_age", "max_bytes");
        Duration idle = r.duration("idle_timeout", Duration.ofSeconds(60));
        if (idle.compareTo(pingInterval) <= 0) {
            throw new ConfigException("idle_timeout: must be longer than ping.interval (" + pingInterval + ")");
        }
        return new CaptureConfig(url, headers, subscribe, new TopicRule(pointers, prefix, fallback), pingMessage,
                pingInterval, idle, initial, max,
                (int) r.bytes("max_frame_bytes", 1 << 20, 64, 64 << 20),
                retention.duration("max_age", Duration.ofDays(7)),
                retention.bytes("max_bytes", 10L << 30, 1 << 20, Long.MAX_VALUE),
                r.integer("history_events", 10_000, 0, 10_000_000),
                r.integer("rejected_per_minute", 60, 0, 100_000));
    }
}
