package io.tickwire.server.frontdoor.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.codec.JsonCodec;
import io.tickwire.journal.EventHistory;
import io.tickwire.journal.JournalEvent;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Topic;
import io.tickwire.protocol.message.TopicFormatException;
import io.tickwire.server.status.NodeStatus;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.hub.OlderEpochs;
import io.tickwire.server.metrics.ServerMetrics;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events of a stream polled from a cursor, {@code GET /events/{topic}?since=&limit=} (the
 * journal's, on the read pool; a cursor behind retention gets a gap first), and the feed's state,
 * {@code GET /events/_status}, with more for an operator at {@code GET /api/v1/admin/status}.
 */
final class EventFeed {
    private final long startedAt = System.currentTimeMillis();
    private final Hub hub;
    private final NodeStatus node;
    private final boolean takesOrders;
    private final JsonCodec codec;
    private final RestAuth auth;
    private final ReadPool reads;
    private final ServerMetrics metrics;

    EventFeed(RestContext context, RestAuth auth, ReadPool reads) {
        this.hub = context.hub();
        this.node = context.status();
        this.takesOrders = context.takesOrders();
        this.codec = context.codec();
        this.auth = auth;
        this.reads = reads;
        this.metrics = context.metrics();
    }

    void events(RestExchange ex, String topicName) {
        Topic topic;
        try {
            topic = Topic.parse(topicName);
        } catch (TopicFormatException e) {
            ex.error(e.unknownKind() ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.BAD_REQUEST,
                    e.unknownKind() ? "unknown_topic" : "bad_request", "topic: " + e.getMessage(), "topic");
            return;
        }
        if (!hub.exists(topic)) {
            ex.error(HttpResponseStatus.NOT_FOUND, "unknown_topic", "topic: no such topic " + topic.name(),
                    "topic");
        } else if (topic instanceof Topic.Account) {
            auth.accountRead(ex, p -> eventsOf(ex, topic,
                    JournalEvent.accountStream(p.userId())));
        } else {
            eventsOf(ex, topic, topic.name());
        }
    }

    private void eventsOf(RestExchange ex, Topic topic,
                          String stream) {
        List<String> sinceValues = ex.parameters().get("since");
        long since;
        try {
            since = sinceValues == null || sinceValues.isEmpty() ? 0 : Long.parseLong(sinceValues.get(0));
            if (since < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new BadRequest("since must be a non-negative integer (a seq)");
        }
        String sinceEpoch = ex.param("epoch");
        int limit = ex.intParam("limit", 100, 1, 1000);
        reads.offload(ex, "history reads", () -> eventsPage(ex, topic, stream, since, sinceEpoch, limit));
    }

    /**
     * A page after {@code since}. A cursor of an older epoch that the node still holds
     * ({@link OlderEpochs}: a relay's) goes on in that epoch to its end, then into the next ones in
     * order, each from its start; a {@code retention} gap stands for what retention deleted. A
     * cursor of another epoch that cannot be placed ({@code epoch} given and unknown, or a seq
     * beyond the head, which no cursor of this epoch can be) gets a gap ({@code epoch_changed}) and
     * the current epoch from its start: a poller across a relay's new epoch misses none of it.
     */
    private void eventsPage(RestExchange ex, Topic topic, String stream, long since, String sinceEpoch,
                            int limit) {
        EventHistory history = hub.history(); // one epoch's, even if a relay moves to the next meanwhile
        String epoch = history.epoch();
        long head = history.lastSeq(stream);
        boolean olderEpoch = sinceEpoch != null && !sinceEpoch.equals(epoch);
        boolean otherEpoch = olderEpoch || since > head;
        List<EventHistory> older = olderEpoch ? hub.olderEpochs().from(sinceEpoch, epoch) : null;
        ex.respond(HttpResponseStatus.OK, ex.json(g -> {
            g.writeStartObject();
            g.writeStringField("epoch", epoch);
            g.writeNumberField("head_seq", head);
            g.writeArrayFieldStart("events");
            EventPage page = new EventPage(codec, g, topic, stream, limit);
            if (older != null) {
                acrossEpochs(page, topic, since, sinceEpoch, older, history);
            } else if (otherEpoch) {
                page.gap(0, epoch, new ServerMessage.Gap(topic, epoch, null, null, GapReason.EPOCH_CHANGED));
                page.read(history, 0);
            } else {
                page.read(history, since);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    /**
     * From a cursor of the older epoch {@code sinceEpoch}: the rest of it (or a {@code retention}
     * gap, when retention deleted it), then every later epoch in {@code older} and the current
     * one, while the page has room.
     */
    private static void acrossEpochs(EventPage page, Topic topic, long since, String sinceEpoch,
                                     List<EventHistory> older, EventHistory current) throws IOException {
        List<EventHistory> next = new ArrayList<>(older.size() + 1);
        next.addAll(older);
        next.add(current);
        boolean more;
        boolean crossing;
        if (older.isEmpty() || !older.get(0).epoch().equals(sinceEpoch)) {
            // Its epoch is gone: what it had after the cursor is lost; the next held epoch goes on from its start.
            page.gap(0, next.get(0).epoch(), new ServerMessage.Gap(topic, sinceEpoch, since + 1, null,
                    GapReason.RETENTION));
            more = true;
            crossing = false;
        } else {
            more = page.read(next.remove(0), since);
            crossing = true;
        }
        for (EventHistory h : next) {
            if (!more) {
                return;
            }
            more = crossing ? page.enter(h) : page.read(h, 0);
            crossing = true;
        }
    }

    /**
     * The event feed's state, as a relay's capture reports it. On a single node the feed is the
     * core itself: {@code connected} says the core runs (its sequencer has not stopped or failed),
     * {@code reconnect_count} is always 0, and {@code buffer_sizes} gives each stream's events held
     * in memory history (what a resume gets without the disk). Account streams are counted, not
     * named: one user's activity is not another's business.
     */
    void status(RestExchange ex) {
        respondStatus(ex, null);
    }

    /**
     * {@code GET /api/v1/admin/status}, for an operator (scope {@code admin}): the feed's state as
     * {@link #status} has it, and what only an operator may see: the node's role, its open
     * connections and subscriptions, and the commands waiting for the sequencer (the core's queue
     * on a core; 0 elsewhere, whose commands go to a core).
     */
    void adminStatus(RestExchange ex) {
        respondStatus(ex, g -> {
            g.writeStringField("role", node.role());
            g.writeNumberField("connections", metrics.openConnections());
            g.writeNumberField("subscriptions", metrics.subscriptions());
            g.writeNumberField("sequencer_queue_depth", metrics.sequencerQueueDepth());
            g.writeBooleanField("takes_orders", takesOrders);
        });
    }

    private void respondStatus(RestExchange ex, RestExchange.JsonWriter operatorFields) {
        ex.request().retain();
        hub.activeStreams().whenCompleteAsync((active, failure) -> {
            try {
                ex.respond(HttpResponseStatus.OK, ex.json(g -> {
                    g.writeStartObject();
                    g.writeBooleanField("connected", node.isRunning());
                    long last = node.lastReceivedAt() > 0 ? node.lastReceivedAt() : hub.lastPublishedAt();
                    if (last == 0) {
                        g.writeNullField("last_message_at");
                    } else {
                        g.writeStringField("last_message_at", Instant.ofEpochMilli(last).toString());
                    }
                    g.writeNumberField("reconnect_count", node.reconnects());
                    g.writeNumberField("lag_batches", node.lagBatches());
                    g.writeNumberField("uptime_seconds", (System.currentTimeMillis() - startedAt) / 1000);
                    g.writeStringField("reset_epoch", hub.epoch());
                    g.writeNumberField("topics_subscribed", active == null ? 0 : active);
                    g.writeObjectFieldStart("buffer_sizes");
                    long accountEvents = 0;
                    for (Map.Entry<String, Integer> e : hub.history().historySizes().entrySet()) {
                        if (e.getKey().startsWith("account:")) {
                            accountEvents += e.getValue();
                        } else {
                            g.writeNumberField(e.getKey(), e.getValue());
                        }
                    }
                    g.writeNumberField("account", accountEvents);
                    g.writeEndObject();
                    if (operatorFields != null) {
                        operatorFields.write(g);
                    }
                    g.writeEndObject();
                }));
            } finally {
                ex.request().release();
            }
        }, ex.executor());
    }
}
