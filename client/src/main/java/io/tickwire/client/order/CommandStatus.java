package io.tickwire.client.order;

/**
 * Where an order command stands. {@link #ACCEPTED}, {@link #REJECTED}, {@link #SYNCHRONIZED}
 * and {@link #NOT_EXECUTED} are final; {@link TrackedCommand#resolved()} completes with one of them
 * (or with {@link #UNKNOWN_EXECUTION} if the client is closed before the outcome is known).
 */
public enum CommandStatus {
    /** Written to the connection; nothing heard yet. */
    SENT,
    /** The server queued it for the sequencer ({@code ack}); not durable yet. */
    ACKED,
    /**
     * The connection dropped, or the command timed out, after it was sent and before its
     * receipt: it may or may not have executed. The client reconciles with the server.
     */
    UNKNOWN_EXECUTION,
    /** Final: the receipt said accepted. */
    ACCEPTED,
    /** Final: the receipt said rejected, or the server refused the request with an error. */
    REJECTED,
    /** Final: reconciliation found the order; the outcome carries its real state. */
    SYNCHRONIZED,
    /**
     * Final: reconciliation found that the command did not execute. Sending it again with the
     * same {@code client_order_id} is safe: the server rejects a duplicate.
     */
    NOT_EXECUTED
}
