package io.tickwire.server.hub;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each command's receipt goes: registered by the network thread that submits the command
 * (before it is submitted, so the receipt can never come first), taken by the hub thread when
 * the command's batch is durable. Any thread.
 */
final class PendingReceipts {
    /** A command waiting for its receipt. */
    record Pending(Session session, Long clientId, String requestId) {
    }

    private final ConcurrentHashMap<Long, Pending> byRequest = new ConcurrentHashMap<>();

    void expect(long requestId, Pending pending) {
        byRequest.put(requestId, pending);
    }

    void cancel(long requestId) {
        byRequest.remove(requestId);
    }

    /** The receipt's destination, once; {@code null} if none was registered or it was cancelled. */
    Pending take(long requestId) {
        return byRequest.remove(requestId);
    }

    /** Forgets every receipt owed to a closed session. */
    void forget(Session session) {
        byRequest.values().removeIf(p -> p.session() == session);
    }
}
