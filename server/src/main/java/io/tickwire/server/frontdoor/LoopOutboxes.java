package io.tickwire.server.frontdoor;

import io.netty.channel.EventLoop;
import io.tickwire.codec.JsonCodec;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.metrics.ServerMetrics;
import java.util.concurrent.ConcurrentHashMap;

/** The gateway's {@link LoopOutbox}es, one per event loop, made when a loop's first session needs it. */
final class LoopOutboxes {
    private final ConcurrentHashMap<EventLoop, LoopOutbox> byLoop = new ConcurrentHashMap<>();
    private final Hub hub;
    private final JsonCodec codec;
    private final ServerMetrics metrics;

    LoopOutboxes(Hub hub, JsonCodec codec, ServerMetrics metrics) {
        this.hub = hub;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** The outbox of {@code loop}; any thread. */
    LoopOutbox of(EventLoop loop) {
        LoopOutbox outbox = byLoop.get(loop);
        return outbox != null ? outbox : byLoop.computeIfAbsent(loop, l -> new LoopOutbox(l, hub, codec, metrics));
    }
}
