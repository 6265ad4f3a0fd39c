package io.tickwire.relay.follow;

import io.tickwire.protocol.message.Topic;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code tickwire relay --upstream} follows: a Tickwire node's {@code /ws}, with a token if
 * it asks for one, and the public topics to follow (none given: {@code book.*} and
 * {@code trades.*} of every market the upstream lists).
 *
 * @param upstream       {@code ws://HOST:PORT/ws} or {@code wss://}
 * @param token          a token of the upstream's, or null
 * @param topics         the topics to follow; empty: every public topic of the upstream's markets
 * @param historyEvents  events per topic served from memory
 * @param retentionAge   journal segments are kept this long
 * @param retentionBytes and at most this much
 */
public record FollowConfig(URI upstream, String token, List<Topic> topics, int historyEvents,
                           Duration retentionAge, long retentionBytes) {

    public FollowConfig {
        Objects.requireNonNull(upstream, "upstream");
        if (!"ws".equals(upstream.getScheme()) && !"wss".equals(upstream.getScheme())) {
            throw new IllegalArgumentException("--upstream must be ws:// or wss://, was " + upstream);
        }
        topics = List.copyOf(topics);
        for (Topic topic : topics) {
            if (!topic.isPublic() || topic instanceof Topic.Feed) {
                throw new IllegalArgumentException("--topic " + topic.name() + ": a relay follows the public topics "
                        + "of a Tickwire node, book.<MARKET> and trades.<MARKET>");
            }
        }
    }

    /** The defaults for {@code upstream}: every public topic, the server's history and retention. */
    public static FollowConfig of(URI upstream, String token, List<Topic> topics) {
        return new FollowConfig(upstream, token, topics, 10_000, Duration.ofDays(7), 10L << 30);
    }

    /** The upstream's REST base: the same host and port over HTTP(S). */
    public URI rest() {
        try {
            return new URI("wss".equals(upstream.getScheme()) ? "https" : "http", null, upstream.getHost(),
                    upstream.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("no REST address for " + upstream, e);
        }
    }
}
