package io.tickwire.client;

import io.tickwire.client.account.AccountMirror;
import io.tickwire.client.book.LocalBook;
import io.tickwire.client.internal.AccountReplica;
import io.tickwire.client.internal.BookReplica;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.Topic;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscribed topic as the client's loop sees it, and the {@link Subscription} of its kind that
 * the caller holds ({@link #handle}). Every field but {@link #delivered}, {@link #closed} and
 * {@link #refusal} is touched on the loop thread only.
 */
final class TopicStream {
    final Topic topic;
    final ListenerQueue<Update> listener;
    /** The local book, for {@code book.*} topics. */
    final BookReplica book;
    /** The account mirror, for the {@code account} topic. */
    final AccountReplica account;
    /** What the caller holds: a {@link BookSubscription}, an {@link AccountSubscription}, or a plain one. */
    final Subscription handle;
    /** Completes when live (confirmed, and for book and account the first snapshot applied). */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
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
    /** Set on the loop (and by close): see {@link Subscription#state()}. */
    volatile SubscriptionState state = SubscriptionState.SUBSCRIBING;
    /** Set, once, when the server refused the subscription for good. */
    volatile String refusal;
    private final AtomicBoolean closing = new AtomicBoolean();

    TopicStream(StreamSync streams, Topic topic, Cursor since, ListenerQueue<Update> listener) {
        this.streams = streams;
        this.topic = topic;
        this.cursor = since;
        this.delivered = since;
        this.listener = listener;
        this.book = topic instanceof Topic.Book b ? new BookReplica(b.market()) : null;
        this.account = topic instanceof Topic.Account ? new AccountReplica() : null;
        this.handle = book != null ? new OfBook(this) : account != null ? new OfAccount(this) : new Plain(this);
    }

    boolean awaitingSubscribed() {
        return pendingSubscribeId != null;
    }

    /** Loop thread: the subscription is {@code next} now, unless it is over. */
    void moveTo(SubscriptionState next) {
        if (!closed) {
            state = next;
        }
    }

    void close() {
        if (closing.compareAndSet(false, true)) {
            closed = true;
            state = SubscriptionState.UNSUBSCRIBED;
            ready.completeExceptionally(new IllegalStateException(topic.name() + ": the subscription was closed"));
            listener.stop();
            streams.unsubscribe(this);
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + topic.name() + ", cursor " + delivered + "]";
    }

    /** What every kind of subscription answers, from its stream. */
    private abstract static class Handle implements Subscription {
        final TopicStream stream;

        Handle(TopicStream stream) {
            this.stream = stream;
        }

        @Override
        public Topic topic() {
            return stream.topic;
        }

        @Override
        public SubscriptionState state() {
            return stream.closed ? SubscriptionState.UNSUBSCRIBED : stream.state; // close() may race the loop
        }

        @Override
        public Optional<Cursor> cursor() {
            return Optional.ofNullable(stream.delivered);
        }

        @Override
        public Optional<String> refusal() {
            return Optional.ofNullable(stream.refusal);
        }

        @Override
        public void close() {
            stream.close();
        }

        @Override
        public String toString() {
            return stream.toString();
        }
    }

    /** A topic with nothing kept beside its callback: trades, tickers, candles, feeds. */
    private static final class Plain extends Handle {
        Plain(TopicStream stream) {
            super(stream);
        }

        @Override
        public CompletableFuture<Subscription> ready() {
            return stream.ready.thenApply(live -> this);
        }
    }

    private static final class OfBook extends Handle implements BookSubscription {
        OfBook(TopicStream stream) {
            super(stream);
        }

        @Override
        public LocalBook book() {
            return stream.book;
        }

        @Override
        public CompletableFuture<BookSubscription> ready() {
            return stream.ready.thenApply(live -> this);
        }
    }

    private static final class OfAccount extends Handle implements AccountSubscription {
        OfAccount(TopicStream stream) {
            super(stream);
        }

        @Override
        public AccountMirror account() {
            return stream.account;
        }

        @Override
        public CompletableFuture<AccountSubscription> ready() {
            return stream.ready.thenApply(live -> this);
        }
    }
}
