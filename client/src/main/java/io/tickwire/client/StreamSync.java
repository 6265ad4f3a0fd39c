package io.tickwire.client;

import io.tickwire.client.book.BookProblem;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every subscription, kept whole across connections, on the loop thread: subscribe and resume
 * from the cursor after each reconnect, drop duplicates, resync on a hole (a book from a fresh
 * snapshot, other topics from the cursor), keep the local books and the account mirror, and
 * hand each update to its listener's queue; a listener that falls behind is told what it missed
 * once it catches up.
 */
final class StreamSync {
    private final ClientLoop loop;
    private final Connection connection;
    private final int listenerCapacity;
    /** Topic name to stream; written on the loop and by subscribe, read anywhere. */
    private final Map<String, TopicStream> streams = new ConcurrentHashMap<>();
    /** Loop thread: the topic of each subscribe in flight, by request id. */
    private final Map<Long, String> subscribeIds = new HashMap<>();

    StreamSync(ClientLoop loop, Connection connection, int listenerCapacity) {
        this.loop = loop;
        this.connection = connection;
        this.listenerCapacity = listenerCapacity;
    }

    /** Any thread: see {@link TickwireClient#subscribe(Topic, Cursor, Consumer)}. */
    TopicStream subscribe(Topic topic, Cursor since, Consumer<Update> listener) {
        if (loop.isClosed()) {
            throw new IllegalStateException("the client is closed");
        }
        TopicStream stream = new TopicStream(this, topic, since, new ListenerQueue<>(topic.name(), listenerCapacity,
                listener, t -> loop.emit(new SessionEvent.Error(ClientLoop.now(), "the listener of " + topic.name()
                        + " threw " + t, t))));
        if (streams.putIfAbsent(topic.name(), stream) != null) {
            stream.listener.stop();
            throw new IllegalStateException(topic.name() + " is subscribed already; close that subscription first");
        }
        try {
            // Unless a (re)connect got there first and subscribed it already.
            loop.execute(() -> {
                if (stream.subscribedOn != connection.generation()) {
                    sendSubscribe(stream, resumeFrom(stream));
                }
            });
        } catch (RejectedExecutionException closing) {
            streams.remove(topic.name(), stream);
            stream.listener.stop();
            throw new IllegalStateException("the client is closed");
        }
        return stream;
    }

    /** Loop thread: a connection is open; every stream subscribes again, from its cursor. */
    void connected() {
        subscribeIds.clear();
        for (TopicStream stream : streams.values()) {
            if (!stream.closed) {
                sendSubscribe(stream, resumeFrom(stream));
            }
        }
    }

    /** Loop thread: the connection is gone; no subscribe is in flight any more. */
    void connectionLost() {
        for (TopicStream stream : streams.values()) {
            stream.pendingSubscribeId = null;
            stream.moveTo(SubscriptionState.SUBSCRIBING);
        }
    }

    /** The client is closing: every listener stops (a call in progress finishes). */
    void stopAll() {
        streams.values().forEach(s -> s.listener.stop());
    }

    void onSubscribed(ServerMessage.Subscribed subscribed) {
        TopicStream stream = streams.get(subscribed.topic().name());
        if (stream == null || stream.pendingSubscribeId == null || !stream.pendingSubscribeId.equals(subscribed.id())) {
            return; // an answer to an older subscribe
        }
        stream.pendingSubscribeId = null;
        subscribeIds.remove(subscribed.id());
        boolean hasSnapshots = stream.book != null || stream.account != null;
        if (!hasSnapshots && (!subscribed.recovered() || stream.cursor == null)) {
            // Live trades follow the head. Topics with snapshots take their cursor from the
            // snapshot: until it arrives there is nothing to resume from.
            stream.cursor = new Cursor(subscribed.epoch(), subscribed.seq());
        }
        if (!hasSnapshots || (stream.book != null && stream.book.isValid())
                || (stream.account != null && stream.account.seq() >= 0)) {
            stream.moveTo(SubscriptionState.SUBSCRIBED); // resumed from its cursor: its snapshot still stands
        }
        if (!hasSnapshots) {
            stream.ready.complete(null); // after the state: who waits on ready() sees it SUBSCRIBED
        }
    }

    /** A refusal of a subscribe of ours: handled here (true), or not about a subscription (false). */
    boolean onError(ServerMessage.ErrorMessage error) {
        String topic = error.id() == null ? null : subscribeIds.remove(error.id());
        if (topic == null) {
            return false;
        }
        TopicStream stream = streams.get(topic);
        if (stream != null && error.id().equals(stream.pendingSubscribeId)) {
            subscribeRefused(stream, error);
        }
        return true;
    }

    private void subscribeRefused(TopicStream stream, ServerMessage.ErrorMessage error) {
        ErrorCode code = error.errorCode();
        if (code == ErrorCode.INTERNAL || code == ErrorCode.RATE_LIMITED) {
            // The server's hint when it gives one (rate_limited's retry_after_ms), else a second.
            long retryMs = error.retryAfterMs() != null ? Math.max(1, error.retryAfterMs()) : 1000;
            loop.emit(new SessionEvent.Error(ClientLoop.now(), "subscribe to " + stream.topic.name() + " failed ("
                    + error.message()
                    + "); retrying in " + retryMs + " ms", null));
            stream.pendingSubscribeId = null;
            int gen = connection.generation();
            loop.schedule(() -> {
                if (gen == connection.generation() && !stream.closed) {
                    sendSubscribe(stream, resumeFrom(stream));
                }
            }, retryMs, TimeUnit.MILLISECONDS);
            return;
        }
        stream.refusal = error.code() + " (" + error.message() + ")";
        stream.closed = true; // before ready fails: who waits on it sees the subscription over
        stream.state = SubscriptionState.UNSUBSCRIBED;
        stream.ready.completeExceptionally(new IllegalStateException(stream.topic.name() + " refused: "
                + stream.refusal));
        loop.emit(new SessionEvent.Error(ClientLoop.now(), "subscribe to " + stream.topic.name() + " refused: "
                + error.code() + " ("
                + error.message() + "); the subscription is closed", null));
        stream.listener.stop();
        streams.remove(stream.topic.name(), stream);
    }

    void onGap(ServerMessage.Gap gap, long receivedNanos, long receivedAtMillis) {
        TopicStream stream = streams.get(gap.topic().name());
        if (stream == null || stream.awaitingSubscribed()) {
            return;
        }
        loop.emit(new SessionEvent.Gap(ClientLoop.now(), gap.topic(), gap.epoch(), gap.fromSeq(), gap.toSeq(),
                gap.reason()));
        if (stream.lagging) {
            return; // what the listener missed is fetched again after it catches up, this gap with it
        }
        if (!stream.listener.offer(new Update.Gap(gap.topic(), gap.epoch(), gap.fromSeq(), gap.toSeq(), gap.reason(),
                receivedNanos, receivedAtMillis))) {
            startLagging(stream, stream.delivered == null ? 0 : stream.delivered.seq());
        }
    }

    void onEvent(StreamEvent event, long receivedNanos, long receivedAtMillis) {
        TopicStream stream = streams.get(event.topic().name());
        if (stream == null || stream.closed || stream.awaitingSubscribed()) {
            return; // not (or no longer, or not yet again) ours
        }
        EventPayload data = event.data();
        boolean snapshot = data instanceof EventPayload.BookSnapshot || data instanceof EventPayload.AccountSnapshot;
        boolean control = data instanceof EventPayload.BookInvalidated; // carries the last seq, not a new one
        if (!snapshot && !control) {
            Cursor cursor = stream.cursor;
            if (cursor == null) {
                return; // waiting for the snapshot
            }
            if (cursor.epoch().equals(event.epoch()) && event.seq() <= cursor.seq()) {
                return; // a duplicate after a resume
            }
            // A captured feed's next epoch starts with its feed.gap at seq 1, after the end of the
            // one before: the stream goes on (the relay sends it so, live and in resumes).
            boolean nextEpoch = EventPayload.FeedGap.opensEpoch(event.type(), event.seq())
                    && !cursor.epoch().equals(event.epoch());
            if (!nextEpoch && (!cursor.epoch().equals(event.epoch()) || event.seq() != cursor.seq() + 1)) {
                hole(stream, event, cursor);
                return;
            }
        }
        if (!control) {
            stream.cursor = event.cursor();
        }
        if (stream.book != null && !stream.book.isValid() && data instanceof EventPayload.BookDelta
                && stream.book.problem().isEmpty()) {
            // Deltas with no snapshot under them (a subscription resumed from a caller's cursor):
            // pass them on, and fetch a snapshot so that the local book can be built.
            deliver(stream, new Update.Event(event.topic(), event.epoch(), event.seq(), event.ts(), data,
                    receivedNanos, receivedAtMillis));
            resubscribe(stream, null);
            return;
        }
        if (stream.book != null) {
            Optional<BookProblem> problem = stream.book.apply(event);
            if (problem.isPresent()) {
                stream.moveTo(SubscriptionState.SUBSCRIBING); // resyncing
                loop.emit(new SessionEvent.BookInvalidated(ClientLoop.now(), stream.book.market(), problem.get()));
                if (!(problem.get() instanceof BookProblem.Invalidated)) {
                    resubscribe(stream, null); // the server's own invalidation is followed by a snapshot
                }
            }
        } else if (stream.account != null) {
            stream.account.apply(event);
        }
        if (snapshot && (stream.book == null || stream.book.isValid())) {
            stream.moveTo(SubscriptionState.SUBSCRIBED);
            stream.ready.complete(null); // the mirror now reflects the venue
        }
        deliver(stream, new Update.Event(event.topic(), event.epoch(), event.seq(), event.ts(), data,
                receivedNanos, receivedAtMillis));
    }

    /** An event that does not follow the cursor: the stream resyncs rather than serve a hole. */
    private void hole(TopicStream stream, StreamEvent event, Cursor cursor) {
        if (stream.book != null) {
            Optional<BookProblem> problem = stream.book.apply(event);
            stream.moveTo(SubscriptionState.SUBSCRIBING);
            loop.emit(new SessionEvent.BookInvalidated(ClientLoop.now(), stream.book.market(),
                    problem.orElse(new BookProblem.SequenceGap(cursor.seq() + 1, event.seq()))));
            resubscribe(stream, null);
        } else {
            loop.emit(new SessionEvent.Error(ClientLoop.now(), "hole in " + stream.topic.name() + ": expected "
                    + cursor.next()
                    + ", received " + event.cursor() + "; resuming from " + cursor, null));
            resubscribe(stream, cursor);
        }
    }

    private void deliver(TopicStream stream, Update.Event update) {
        if (stream.lagging) {
            stream.dropped++;
            stream.lastDropped = update.seq();
            return;
        }
        if (stream.listener.offer(update)) {
            stream.delivered = update.cursor();
            return;
        }
        startLagging(stream, update.seq());
    }

    private void startLagging(TopicStream stream, long seq) {
        stream.lagging = true;
        stream.dropped = 1;
        stream.firstDropped = seq;
        stream.lastDropped = seq;
        stream.listener.onceDrained(() -> loop.onLoop(() -> caughtUp(stream)));
    }

    /**
     * A lagging listener has drained half its queue: tell the session, then give the listener
     * what it needs to be whole again. A book listener gets a snapshot of the local book (which
     * never lagged); other topics are fetched again from the last event the listener was given.
     */
    private void caughtUp(TopicStream stream) {
        if (stream.closed || !stream.lagging) {
            return;
        }
        stream.lagging = false;
        loop.emit(new SessionEvent.Lagged(ClientLoop.now(), stream.topic, stream.dropped, stream.firstDropped,
                stream.lastDropped));
        if (stream.book != null) {
            Optional<EventPayload.BookSnapshot> snapshot = stream.book.snapshot();
            if (snapshot.isPresent()) {
                long at = System.currentTimeMillis();
                Update.Event update = new Update.Event(stream.topic, stream.book.epoch(), stream.book.seq(), at,
                        snapshot.get(), System.nanoTime(), at);
                if (stream.listener.offer(update)) {
                    stream.delivered = update.cursor();
                }
            } // else the book is resyncing and a server snapshot is on its way
            return;
        }
        Cursor from = stream.delivered;
        stream.cursor = from;
        if (connection.isOpen()) {
            resubscribe(stream, from);
        }
    }

    private void sendSubscribe(TopicStream stream, Cursor since) {
        if (!connection.isOpen() || stream.closed) {
            return; // sent on (re)connect
        }
        long id = connection.nextRequestId();
        stream.moveTo(SubscriptionState.SUBSCRIBING);
        stream.pendingSubscribeId = id;
        stream.subscribedOn = connection.generation();
        subscribeIds.put(id, stream.topic.name());
        connection.send(new ClientMessage.Subscribe(id, stream.topic, since));
    }

    /** Where a stream resumes: its cursor, or from scratch (a snapshot) if its local book is not valid. */
    private static Cursor resumeFrom(TopicStream stream) {
        return stream.book != null && !stream.book.isValid() ? null : stream.cursor;
    }

    private void resubscribe(TopicStream stream, Cursor since) {
        if (!connection.isOpen()) {
            return;
        }
        connection.send(new ClientMessage.Unsubscribe(connection.nextRequestId(), stream.topic));
        sendSubscribe(stream, since);
    }

    void unsubscribe(TopicStream stream) {
        streams.remove(stream.topic.name(), stream);
        loop.onLoop(() -> {
            if (connection.isOpen()) {
                connection.send(new ClientMessage.Unsubscribe(connection.nextRequestId(), stream.topic));
            }
        });
    }
}
