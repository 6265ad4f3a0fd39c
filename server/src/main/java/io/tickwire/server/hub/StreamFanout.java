package io.tickwire.server.hub;

import io.tickwire.journal.JournalEvent;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.InvalidationReason;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live side of the hub's streams, on the hub thread: who receives each stream through which
 * delivery (an event loop's {@code LoopOutbox}, or this thread for a session without one), the
 * fan-out of each published batch (one {@link FanoutBatch} per delivery), and book subscribers
 * that lag: conflated to {@code book.invalidated}, then given a snapshot once they have caught up.
 */
final class StreamFanout {
    private static final Logger log = LoggerFactory.getLogger(StreamFanout.class);

    private final Map<String, HubStream> streams;
    private final HubAgent live;
    private final ServerMetrics metrics;
    /** Deliveries handed the batch being published: each gets it once. */
    private final List<Delivery> touchedDeliveries = new ArrayList<>();
    /** Sessions written to by the batch being published: flushed once, at its end. */
    private final Set<Session> touched = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Streams with book subscribers waiting to catch up. */
    private final Set<HubStream> laggingStreams = new LinkedHashSet<>();
    private String epoch;

    /** {@code streams}: the agent's, read here on the same thread. */
    StreamFanout(Map<String, HubStream> streams, HubAgent live, ServerMetrics metrics) {
        this.streams = streams;
        this.live = live;
        this.metrics = metrics;
    }

    /** Before the hub thread starts. */
    void start(String epoch) {
        this.epoch = epoch;
    }

    /** The events of one durable batch, whose state the agent has applied, to their subscribers. */
    void send(List<JournalEvent> events, long durableNanos) {
        touched.clear();
        try {
            sendAll(events, durableNanos);
        } finally {
            flushTouched();
        }
    }

    /** Whether some book subscribers wait for a snapshot until they have caught up. */
    boolean hasLagging() {
        return !laggingStreams.isEmpty();
    }

    /**
     * Frames each event with subscribers once, then: every delivery with subscribers to any of
     * them gets the batch's frames in one {@link FanoutBatch}, handed over once; sessions without a
     * delivery get each frame from this thread, as before.
     */
    private void sendAll(List<JournalEvent> events, long durableNanos) {
        FanoutBatch fanout = null;
        for (JournalEvent event : events) {
            HubStream s = streams.get(event.stream());
            if (s.subscribers.isEmpty()) {
                continue;
            }
            byte[] frame = live.frame(s, event);
            if (!s.deliveries.isEmpty()) {
                if (fanout == null) {
                    fanout = new FanoutBatch(durableNanos, epoch, events.size());
                }
                fanout.add(s.key, frame, event.seq(), event.ts());
                for (int d = 0; d < s.deliveries.size(); d++) {
                    Delivery delivery = s.deliveries.get(d);
                    if (!touchedDeliveries.contains(delivery)) { // a handful of loops: a scan beats a set
                        touchedDeliveries.add(delivery);
                    }
                }
            }
            if (!s.direct.isEmpty()) {
                sendDirect(s, event, frame, durableNanos);
            }
        }
        for (int d = 0; d < touchedDeliveries.size(); d++) {
            try {
                touchedDeliveries.get(d).publish(fanout);
            } catch (RuntimeException e) {
                log.error("a delivery refused a batch", e);
            }
        }
        touchedDeliveries.clear();
    }

    /** One frame to each subscriber that has no delivery, conflating a lagging book subscriber. */
    private void sendDirect(HubStream s, JournalEvent event, byte[] frame, long durableNanos) {
        for (int k = 0; k < s.direct.size(); k++) {
            Session subscriber = s.direct.get(k);
            if (s.book != null && subscriber.congested()) {
                // Conflate: a book can be rebuilt from a snapshot, so a lagging client loses its
                // pending deltas instead of its connection.
                s.direct.remove(k--);
                s.subscribers.remove(subscriber);
                s.lagging.add(subscriber);
                laggingStreams.add(s);
                metrics.conflated();
                subscriber.send(new StreamEvent(s.topic, epoch, event.seq() - 1, event.ts(),
                        new EventPayload.BookInvalidated(((Topic.Book) s.topic).market(),
                                InvalidationReason.LAG)));
                continue;
            }
            try {
                subscriber.send(frame, durableNanos);
                touched.add(subscriber);
            } catch (RuntimeException e) {
                log.warn("dropping session {} after a failed send", subscriber.id(), e);
                if (subscriber instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // closing a broken session
                    }
                }
            }
        }
    }

    private void flushTouched() {
        for (Session session : touched) {
            try {
                session.flush();
            } catch (RuntimeException e) {
                log.warn("flush failed for session {}", session.id(), e);
            }
        }
        touched.clear();
    }

    /** Gives lagging book subscribers that have caught up a fresh snapshot and puts them back on the live stream. */
    void rejoinLagging() {
        for (var it = laggingStreams.iterator(); it.hasNext(); ) {
            HubStream s = it.next();
            for (int k = 0; k < s.lagging.size(); k++) {
                Session session = s.lagging.get(k);
                if (!session.isOpen()) {
                    s.lagging.remove(k--);
                    metrics.unsubscribed(1);
                } else if (!session.congested()) {
                    s.lagging.remove(k--);
                    live.sendSnapshot(session, s);
                    s.subscribers.add(session);
                    join(session, s); // after the snapshot, in the delivery's order too
                }
            }
            if (s.lagging.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Live frames of {@code s} to {@code session} from now on: through its delivery, or from here. */
    void join(Session session, HubStream s) {
        Delivery delivery = session.delivery();
        if (delivery == null) {
            s.direct.add(session);
            return;
        }
        int[] count = s.deliveryCounts.get(delivery);
        if (count == null) {
            count = new int[1];
            s.deliveryCounts.put(delivery, count);
            s.deliveries.add(delivery);
        }
        count[0]++;
        delivery.attach(session, s.key);
    }

    void leave(Session session, HubStream s) {
        leave(session, s, true);
    }

    /** No more live frames of {@code s} to {@code session}; {@code tell}: the delivery does not know yet. */
    void leave(Session session, HubStream s, boolean tell) {
        Delivery delivery = session.delivery();
        if (delivery == null) {
            s.direct.remove(session);
            return;
        }
        int[] count = s.deliveryCounts.get(delivery);
        if (count != null && --count[0] == 0) {
            s.deliveryCounts.remove(delivery);
            s.deliveries.remove(delivery);
        }
        if (tell) {
            delivery.detach(session, s.key);
        }
    }

    /**
     * A delivery stopped sending {@code s} to {@code session}, which lags (it said
     * {@code book.invalidated}): off the live stream until it has caught up, then a snapshot.
     */
    void lagged(Session session, HubStream s) {
        if (s.subscribers.remove(session)) {
            leave(session, s, false); // the delivery has let it go already
            s.lagging.add(session);
            laggingStreams.add(s);
            metrics.conflated();
        }
    }
}
