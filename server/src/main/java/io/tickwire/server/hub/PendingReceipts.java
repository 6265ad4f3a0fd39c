package io.tickwire.server.hub;

import io.tickwire.engine.event.Receipt;
import io.tickwire.protocol.message.ServerMessage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where each command's receipt goes: registered by the network thread that submits the command
 * (before it is submitted, so the receipt can never come first), taken by the hub thread when
 * the command's batch is durable. Any thread.
 *
 * <p>A receipt registered to follow an ack is held until {@link #acked}: on a gateway node the
 * core's confirmation that it queued a command (the ack) and the batch with its receipt arrive by
 * different routes, and the protocol orders the ack first.
 */
final class PendingReceipts {
    /** A command waiting for its receipt; once it is due, the receipt goes to {@code session}. */
    static final class Pending {
        private final Session session;
        private final Long clientId;
        private final String requestId;
        private final Consumer<Receipt> observer;
        private boolean acked;
        private ServerMessage held;

        Pending(Session session, Long clientId, String requestId, boolean acked, Consumer<Receipt> observer) {
            this.session = session;
            this.clientId = clientId;
            this.requestId = requestId;
            this.acked = acked;
            this.observer = observer;
        }

        /** Hub thread: whoever watches the command's outcome (cancel on disconnect) learns it, open or not. */
        void observe(Receipt receipt) {
            if (observer != null) {
                observer.accept(receipt);
            }
        }

        Long clientId() {
            return clientId;
        }

        String requestId() {
            return requestId;
        }

        /** Hub thread: sends the receipt, or holds it until the ack has gone. */
        synchronized void deliver(ServerMessage receipt) {
            if (!acked) {
                held = receipt;
            } else if (session.isOpen()) {
                session.send(receipt);
            }
        }

        /** After the ack was sent (or when none will be): a held receipt goes now. */
        synchronized void ack() {
            acked = true;
            if (held != null && session.isOpen()) {
                session.send(held);
            }
            held = null;
        }
    }

    private final ConcurrentHashMap<Long, Pending> byRequest = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Pending> awaitingAck = new ConcurrentHashMap<>();

    void expect(long requestId, Pending pending, boolean afterAck) {
        byRequest.put(requestId, pending);
        if (afterAck) {
            awaitingAck.put(requestId, pending);
        }
    }

    void cancel(long requestId) {
        byRequest.remove(requestId);
        awaitingAck.remove(requestId);
    }

    /** The ack of {@code requestId} has gone (or none will): its receipt may follow. */
    void acked(long requestId) {
        Pending pending = awaitingAck.remove(requestId);
        if (pending != null) {
            pending.ack();
        }
    }

    /** The receipt's destination, once; {@code null} if none was registered or it was cancelled. */
    Pending take(long requestId) {
        return byRequest.remove(requestId);
    }

    /** Forgets every receipt owed to a closed session, but those a watcher still waits for. */
    void forget(Session session) {
        byRequest.values().removeIf(p -> p.session == session && p.observer == null);
        awaitingAck.values().removeIf(p -> p.session == session && p.observer == null);
    }
}
