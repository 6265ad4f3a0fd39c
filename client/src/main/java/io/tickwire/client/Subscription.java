package io.tickwire.client;

import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.Topic;
import java.util.Optional;

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

    /** Unsubscribes; the listener gets nothing after this returns. Idempotent. */
    @Override
    void close();
}
