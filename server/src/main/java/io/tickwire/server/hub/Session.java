package io.tickwire.server.hub;

import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.auth.Principal;

/**
 * One client connection as the hub sees it. Every method may be called from the hub thread and
 * must return at once: a session buffers, and deals with a client that does not keep up by
 * itself (closing it with 4008), so the hub never waits on a socket.
 */
public interface Session {

    long id();

    /** The authenticated user, or {@code null} for an anonymous connection. */
    Principal principal();

    /** Queues one encoded frame. The bytes are shared with other sessions: never modify them. */
    void send(byte[] frame);

    /**
     * Queues a frame of a batch released as durable at {@code durableNanos} ({@link System#nanoTime})
     * without flushing it: the hub calls {@link #flush()} once the batch's frames are all queued.
     */
    default void send(byte[] frame, long durableNanos) {
        send(frame);
    }

    /** Flushes frames queued by {@link #send(byte[], long)}. */
    default void flush() {
    }

    /** Encodes and queues a message for this session alone. */
    void send(ServerMessage message);

    boolean isOpen();

    /**
     * The delivery that writes this session's live events, or {@code null}: the hub then sends
     * every frame to the session itself ({@link #send(byte[], long)}, {@link #flush()}). A
     * WebSocket session answers its event loop's delivery, so the hub hands each loop one batch
     * rather than each session each frame.
     */
    default Delivery delivery() {
        return null;
    }

    /**
     * Whether this client is so far behind that a book stream should stop sending it deltas (it
     * will get {@code book.invalidated} and, once it has caught up, a fresh snapshot).
     */
    default boolean congested() {
        return false;
    }
}
