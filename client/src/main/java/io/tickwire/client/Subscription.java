package io.tickwire.client;

import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.Topic;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A live subscription to one topic, with its own callback (given to {@code subscribe}). It
 * survives reconnects: the client resumes it from its cursor every time. Closing it unsubscribes.
 * A book's subscription is a {@link BookSubscription}, which holds the local book; the account's
 * is an {@link AccountSubscription}, which holds the account mirror; whichever {@code subscribe}
 * made them.
 */
public interface Subscription extends AutoCloseable {

    Topic topic();

    /**
     * Where it stands now: {@link SubscriptionState#SUBSCRIBING} until it is live and again while it
     * resumes or resyncs, {@link SubscriptionState#SUBSCRIBED} while live,
     * {@link SubscriptionState#UNSUBSCRIBED} once closed or refused.
     */
    SubscriptionState state();

    /**
     * The position of the last update queued for the callback: pass it as {@code since} to resume
     * in another process.
     */
    Optional<Cursor> cursor();

    /**
     * Completes with this subscription once it is live: the server confirmed it and, for a book
     * or the account, the first snapshot is in, so its local book or account mirror reflects the
     * venue. Fails if the server refuses the subscription or it is closed first. Reconnects later
     * do not change it. Wait with a timeout: {@code subscription.ready().get(5, SECONDS)}.
     */
    CompletableFuture<? extends Subscription> ready();

    /**
     * Why the server refused this subscription for good (an unknown topic, a token that may not
     * read it), or empty while it stands. A refused subscription is over: the client no longer
     * resumes it, and the callback gets nothing more.
     */
    Optional<String> refusal();

    /** Unsubscribes; the callback gets nothing after this returns. Idempotent. */
    @Override
    void close();
}
