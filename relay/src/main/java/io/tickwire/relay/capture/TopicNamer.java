package io.tickwire.relay.capture;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.protocol.message.Topic;
import java.util.ArrayList;
import java.util.List;

/**
 * Names a captured frame's topic from its JSON: the values at the capture's pointers, joined with
 * {@code .}, after the prefix. Characters a feed topic cannot hold become {@code _} (Kraken's
 * {@code BTC/USD} becomes {@code BTC_USD}), so that every topic can be named in a URL path. A
 * name that is still not a feed topic's (too long, one Tickwire's own topics claim, or starting
 * with {@code _}, which the relay keeps for itself) is refused. One thread.
 */
final class TopicNamer {
    /** The relay's own topic of the frames it could not capture. */
    static final String REJECTED = "_rejected";

    private final List<JsonPointer> pointers = new ArrayList<>();
    private final String prefix;
    private final String fallback;

    TopicNamer(CaptureConfig.TopicRule rule) {
        rule.pointers().forEach(p -> pointers.add(JsonPointer.compile(p)));
        this.prefix = rule.prefix();
        this.fallback = rule.fallback();
    }

    /**
     * A frame's topic: {@code topic} set, or {@code rejection} ({@code no_topic}, {@code bad_topic})
     * and {@code detail} saying why.
     */
    record Result(String topic, String rejection, String detail) {
    }

    Result name(JsonNode frame) {
        StringBuilder raw = new StringBuilder();
        for (JsonPointer pointer : pointers) {
            JsonNode value = frame.at(pointer);
            if (value.isMissingNode() || value.isNull() || !value.isValueNode()) {
                return fallback != null ? new Result(fallback, null, null)
                        : new Result(null, "no_topic", "no value at " + pointer);
            }
            if (!raw.isEmpty()) {
                raw.append('.');
            }
            raw.append(value.asText());
        }
        String topic = name(raw.toString(), prefix);
        return topic != null ? new Result(topic, null, null)
                : new Result(null, "bad_topic", "\"" + clip(prefix + raw) + "\" is not a feed topic name");
    }

    /** {@code prefix + raw} made a feed topic name, or {@code null} when it cannot be one. */
    static String name(String raw, String prefix) {
        StringBuilder name = new StringBuilder(prefix.length() + raw.length());
        String joined = prefix + raw;
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            name.append(Topic.isFeedChar(c) ? c : '_');
        }
        String result = name.toString();
        return result.startsWith("_") || !Topic.isFeedName(result) ? null : result;
    }

    private static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
