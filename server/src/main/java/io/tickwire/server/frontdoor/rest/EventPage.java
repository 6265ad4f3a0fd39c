package io.tickwire.server.frontdoor.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tickwire.codec.JsonCodec;
import io.tickwire.journal.EventHistory;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.ReadResult;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The entries of one {@code GET /events/{topic}} page, written into its {@code events} array as
 * they are read: a stream's events after a cursor, up to the page's limit, in one epoch or across
 * several (a relay's older epochs, then the next ones in order). Each entry names its own epoch
 * ({@code reset_epoch}, and the payload's {@code epoch}), so that a poller that keeps the last
 * entry's cursor and epoch goes on exactly after it. What history no longer holds is a synthetic
 * entry of topic {@code gap}. Used by one request, on the read pool.
 */
final class EventPage {
    private final JsonCodec codec;
    private final JsonGenerator g;
    private final Topic topic;
    private final String stream;
    /** Events still wanted; synthetic gap entries do not count, as before epochs were crossed. */
    private int left;

    EventPage(JsonCodec codec, JsonGenerator g, Topic topic, String stream, int limit) {
        this.codec = codec;
        this.g = g;
        this.topic = topic;
        this.stream = stream;
        this.left = limit;
    }

    /**
     * The events of {@code history} after {@code since}, a {@code retention} gap first where the
     * oldest of them are gone; true when the page has room left, so the stream's end in this
     * epoch was reached (a cursor beyond it counts as at the end).
     */
    boolean read(EventHistory history, long since) throws IOException {
        ReadResult read = history.read(stream, since, left);
        if (read instanceof ReadResult.Gap gap) {
            gap(gap.toSeq(), history.epoch(), new ServerMessage.Gap(topic, history.epoch(), gap.fromSeq(), gap.toSeq(),
                    GapReason.RETENTION));
            read = history.read(stream, gap.toSeq(), left);
        }
        if (read instanceof ReadResult.Events events) {
            write(history.epoch(), events.events());
        }
        return left > 0;
    }

    /**
     * Goes on from the end of the epoch before into {@code history}, from its start. A captured
     * feed's epoch starts with its {@code feed.gap} at seq 1, which says the change itself; any
     * other start (a followed upstream's new epoch, whose stream may start after seq 1) is first
     * marked with a synthetic {@code epoch_changed} gap. True when the page has room left.
     */
    boolean enter(EventHistory history) throws IOException {
        ReadResult read = history.read(stream, 0, left);
        String epoch = history.epoch();
        if (read instanceof ReadResult.Gap gap) {
            gap(gap.toSeq(), epoch, new ServerMessage.Gap(topic, epoch, null, null, GapReason.EPOCH_CHANGED));
            read = history.read(stream, gap.toSeq(), left);
        } else if (read instanceof ReadResult.Events events && !events.events().isEmpty()
                && !EventPayload.FeedGap.opensEpoch(events.events().get(0).type(), events.events().get(0).seq())) {
            gap(0, epoch, new ServerMessage.Gap(topic, epoch, null, null, GapReason.EPOCH_CHANGED));
        }
        if (read instanceof ReadResult.Events events) {
            write(epoch, events.events());
        }
        return left > 0;
    }

    /**
     * A synthetic entry of topic {@code gap}: {@code cursor} and {@code epoch} are where a poller
     * goes on from (its {@code since} and {@code epoch}); {@code gap} says what it cannot have.
     */
    void gap(long cursor, String epoch, ServerMessage.Gap gap) throws IOException {
        g.writeStartObject();
        g.writeNumberField("cursor", cursor);
        g.writeStringField("topic", "gap");
        g.writeStringField("received_at", Instant.now().toString());
        g.writeStringField("reset_epoch", epoch);
        g.writeFieldName("payload");
        g.writeRawValue(new String(codec.encode(gap), StandardCharsets.UTF_8));
        g.writeEndObject();
    }

    private void write(String epoch, List<JournalEvent> events) throws IOException {
        for (JournalEvent e : events) {
            g.writeStartObject();
            g.writeNumberField("cursor", e.seq());
            // As a captured feed's protocol has it: its feed.gap is listed as a gap.
            g.writeStringField("topic", e.type().equals(EventPayload.FeedGap.TYPE) ? "gap" : topic.name());
            g.writeStringField("received_at", Instant.ofEpochMilli(e.ts()).toString());
            g.writeStringField("reset_epoch", epoch);
            g.writeFieldName("payload");
            g.writeRawValue(new String(codec.frame(e.type(), topic.name(), epoch, e.seq(), e.ts(), e.data()),
                    StandardCharsets.UTF_8));
            g.writeEndObject();
        }
        left -= events.size();
    }
}
