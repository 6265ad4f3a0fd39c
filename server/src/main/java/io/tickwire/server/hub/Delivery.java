package io.tickwire.server.hub;

/**
 * The thread that writes to a group of sessions (one per Netty event loop), as the hub sees it:
 * the proxy through which the hub thread, and only the hub thread, hands it work. Everything
 * handed over is done in the order handed, together with what the hub sends to those sessions
 * one by one ({@link Session#send}): a session's {@code subscribed}, snapshot and live events,
 * or a receipt and the events after it, arrive in the order the hub produced them.
 *
 * <p>A delivery decides on its own what only its thread can see: it cuts a session whose backlog
 * outgrows its limit (4008), and for a stream that {@link StreamKey#conflates} it drops a lagging
 * session's frames, says {@code book.invalidated}, and reports it with {@link Hub#lagged}.
 */
public interface Delivery {

    /** From the next published batch on, frames of {@code stream} go to {@code session} too. */
    void attach(Session session, StreamKey stream);

    /** No more frames of {@code stream} to {@code session}. */
    void detach(Session session, StreamKey stream);

    /** The frames of one durable batch: each goes to this delivery's subscribers of its stream. */
    void publish(FanoutBatch batch);
}
