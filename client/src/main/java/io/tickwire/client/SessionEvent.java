package io.tickwire.client;

import io.tickwire.client.book.BookProblem;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.Topic;
import java.util.Objects;

/**
 * What happens to the connection as a whole, told to the client's listener
 * ({@link TickwireListener#onSessionEvent}) apart from the subscriptions' data, so that a reconnect
 * is one event and not one per topic.
 * Every event carries {@code atMillis}, the local wall clock when it happened.
 */
public sealed interface SessionEvent {

    /** Local wall clock, ms since the Unix epoch. */
    long atMillis();

    /** The first connection is up and authenticated; subscriptions are being sent. */
    record Connected(long atMillis) implements SessionEvent {
    }

    /**
     * The connection was lost; the client reconnects after {@code retryInMs}.
     *
     * @param code   the WebSocket close code, or -1 when the connection failed without one
     * @param reason the server's reason or the local error, never null
     */
    record Disconnected(long atMillis, int code, String reason, long retryInMs) implements SessionEvent {
        public Disconnected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The connection is back after {@code gapMs} without one; every subscription is being resumed
     * from its cursor.
     *
     * @param attempts connection attempts it took
     */
    record Reconnected(long atMillis, long gapMs, int attempts) implements SessionEvent {
    }

    /**
     * The server's {@code notice} (protocol 1.1). Code {@code shutdown}: it closes the connection
     * next; the client waits {@code reconnectAfterMs} (when given) on top of its jittered backoff
     * before it reconnects.
     */
    record Notice(long atMillis, String code, String message, Long reconnectAfterMs) implements SessionEvent {
        public Notice {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A listener was too slow: its bounded queue overflowed and {@code dropped} updates, from
     * {@code firstSeq} to {@code lastSeq}, were not queued for it. Book listeners then get a
     * fresh snapshot; other topics are fetched again from the last update the listener was given,
     * so the listener still sees every event in order (or a {@link Gap} if the server no longer
     * has them).
     */
    record Lagged(long atMillis, Topic topic, long dropped, long firstSeq, long lastSeq) implements SessionEvent {
        public Lagged {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /**
     * A local book stopped being trustworthy and is resyncing from a snapshot; until then it
     * serves nothing ({@link io.tickwire.client.book.LocalBook#isValid()} is false).
     */
    record BookInvalidated(long atMillis, String market, BookProblem reason) implements SessionEvent {
        public BookInvalidated {
            Objects.requireNonNull(market, "market");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The server could not deliver events {@code fromSeq}..{@code toSeq} of {@code topic} (both null
     * when the epoch changed); a snapshot follows where the topic has one. The same gap is also
     * delivered to the topic's listener as an {@link Update.Gap}.
     */
    record Gap(long atMillis, Topic topic, String epoch, Long fromSeq, Long toSeq, GapReason reason)
            implements SessionEvent {
        public Gap {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Something went wrong that the client handles on its own (a malformed frame, an error reply
     * to a subscription, a listener that threw) or cannot (a refused token: the client is then
     * {@link ConnectionStatus#CLOSED}).
     *
     * @param cause the exception, or {@code null}
     */
    record Error(long atMillis, String message, Throwable cause) implements SessionEvent {
        public Error {
            Objects.requireNonNull(message, "message");
        }
    }
}
