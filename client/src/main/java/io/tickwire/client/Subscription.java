package io.tickwire.client;

import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.Topic;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A live subscription to one topic. It survives reconnects: the client resumes it from its
 * cursor every time. Closing it unsubscribes.
 */
public interface Subscription extends AutoCloseable {

    Topic topic();

    /**
     * The position of the last update queued for the listener: pass it as {@code since} to
     * resume in another process.
     */
    Optional<Cursor> cursor();

    /**
     * Completes with this subscription once it is live: the server confirmed it and, for
     * {@code book.*} and {@code account}, the first snapshot is in, so {@link
     * TickwireClient#book} or {@link TickwireClient#account} reflect the venue. Fails if the
     * server refuses the subscription or it is closed first. Reconnects later do not change it.
     * Wait with a timeout: {@code subscription.ready().get(5, SECONDS)}.
     */
    CompletableFuture<Subscription> ready();

    /**
     * Why the server refused this subscription for good (an unknown topic, a token that may not
     * read it), or empty while it stands. A refused subscription is over: the client no longer
     * resumes it, and the listener gets nothing more.
     */
    Optional<String> refusal();

    /** Unsubscribes; the listener gets nothing after this returns. Idempotent. */
    @Override
    void close();
}
