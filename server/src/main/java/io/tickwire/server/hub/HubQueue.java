package io.tickwire.server.hub;

/**
 * The hub thread's own queue, as its agent sees it: how work that must wait (for the hub to catch
 * up with a cursor, for a disk read) comes back to the hub thread later.
 */
interface HubQueue {

    /** Runs {@code task} on the hub thread, after what is queued. */
    void execute(Runnable task);

    /**
     * Runs a client's request on the hub thread. Whatever goes wrong, the requester gets an answer
     * that echoes its id: a client waiting on a request must never wait in vain.
     */
    void request(Session session, Long id, String what, Runnable task);
}
