package io.tickwire.client;

import io.tickwire.client.internal.AccountReplica;
import io.tickwire.client.internal.BookReplica;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.Topic;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscribed topic as the client's loop sees it. Every field but {@link #delivered} and
 * {@link #closed} is touched on the loop thread only.
 */
final class TopicStream implements Subscription {
    final Topic topic;
    final ListenerQueue<Update> listener;
    /** The local book, for {@code book.*} topics. */
    final BookReplica book;
    /** The account mirror, for the {@code account} topic. */
    final AccountReplica account;
    private final StreamSync streams;

    /** The last event accepted in order (null before the first); resumes start after it. */
    Cursor cursor;
    /** The {@code id} of the subscribe whose {@code subscribed} is awaited; events before it are stale. */
    Long pendingSubscribeId;
    /** The connection generation the last subscribe was sent on. */
    int subscribedOn = -1;
    /** The last event queued for the listener. */
    volatile Cursor delivered;

    boolean lagging;
    long dropped;
    long firstDropped;
    long lastDropped;

    volatile boolean closed;
    /** Set, once, when the server refused the subscription for good. */
    volatile String refusal;
    /** Completes when live (confirmed, and for book and account the first snapshot applied). */
    final CompletableFuture<Subscription> ready = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();

    TopicStream(StreamSync streams, Topic topic, Cursor since, ListenerQueue<Update> listener) {
        this.streams = streams;
        this.topic = topic;
        this.cursor = since;
        this.delivered = since;
        this.listener = listener;
        this.book = topic instanceof Topic.Book b ? new BookReplica(b.market()) : null;
        this.account = topic instanceof Topic.Account ? new AccountReplica() : null;
    }

    boolean awaitingSubscribed() {
        return pendingSubscribeId != null;
    }

    @Override
    public Topic topic() {
        return topic;
    }

    @Override
    public Optional<Cursor> cursor() {
        return Optional.ofNullable(delivered);
    }

    @Override
    public CompletableFuture<Subscription> ready() {
        return ready.copy();
    }

    @Override
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            closed = true;
            ready.completeExceptionally(new IllegalStateException(topic.name() + ": the subscription was closed"));
            listener.stop();
            streams.unsubscribe(this);
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + topic.name() + ", cursor " + delivered + "]";
    }
}
