package io.tickwire.client.order;

/**
 * The ack or receipt of a command can no longer arrive (the connection dropped, or it timed
 * out) and whether the command executed is not known yet. This is not a failure of the command:
 * the client reconciles, and {@link TrackedCommand#resolved()} gives the outcome.
 */
public final class UnknownExecutionException extends RuntimeException {
    private final String clientOrderId;

    public UnknownExecutionException(String clientOrderId, String why) {
        super("outcome unknown (" + why + "); reconciling" + (clientOrderId == null ? "" : " " + clientOrderId)
                + ": see resolved()");
        this.clientOrderId = clientOrderId;
    }

    /** The order's client id, or {@code null} for a command by order id. */
    public String clientOrderId() {
        return clientOrderId;
    }
}
