package io.tickwire.client;

import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.Topic;
import java.util.Objects;

/**
 * What a topic listener receives: an {@link Event} of the stream, or a {@link Gap} the server
 * reported. Event payloads are sealed ({@link EventPayload}); a type newer than this SDK arrives
 * as {@link EventPayload.UnknownEvent} with its raw JSON, so the server can grow without breaking
 * clients.
 *
 * <p>Both carry two local clocks taken when the frame was read, before it was parsed: {@code
 * receivedNanos} ({@link System#nanoTime()}, for measuring latency within this process) and
 * {@code receivedAtMillis} (the wall clock).
 */
public sealed interface Update {

    Topic topic();

    /** {@link System#nanoTime()} when the frame was read. */
    long receivedNanos();

    /** Local wall clock when the frame was read, ms since the Unix epoch. */
    long receivedAtMillis();

    /**
     * One event of the stream, or a snapshot ({@code book.snapshot}, {@code account.snapshot},
     * whose {@code seq} is the last event it reflects).
     *
     * @param ts the server's (engine's) clock when the event happened, ms since the Unix epoch
     */
    record Event(Topic topic, String epoch, long seq, long ts, EventPayload data, long receivedNanos,
                 long receivedAtMillis) implements Update {
        public Event {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(epoch, "epoch");
            Objects.requireNonNull(data, "data");
        }

        /** This event's position: resume after it with {@code since}. */
        public Cursor cursor() {
            return new Cursor(epoch, seq);
        }

        /** The wire {@code type}, e.g. {@code book.delta}. */
        public String type() {
            return data.type();
        }
    }

    /**
     * The server could not deliver events {@code fromSeq}..{@code toSeq} (both null when the
     * epoch changed). For book and account topics a snapshot follows.
     */
    record Gap(Topic topic, String epoch, Long fromSeq, Long toSeq, GapReason reason, long receivedNanos,
               long receivedAtMillis) implements Update {
        public Gap {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(epoch, "epoch");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
