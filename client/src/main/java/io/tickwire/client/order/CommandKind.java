package io.tickwire.client.order;

/** The order commands the client tracks ({@link TrackedCommand#kind()}), by their wire message. */
public enum CommandKind {
    /** {@code order.place}: one order. */
    PLACE("order.place"),
    /** {@code order.batch}: 1 to 20 orders, sequenced with nothing between them (protocol 1.1). */
    BATCH("order.batch"),
    /** {@code order.cancel}: one open order, by order id or client order id. */
    CANCEL("order.cancel"),
    /** {@code order.amend}: a new price or quantity for one open order. */
    AMEND("order.amend"),
    /** {@code order.cancel_all}: every open order of the user, in one market or everywhere (protocol 1.1). */
    CANCEL_ALL("order.cancel_all");

    private final String wire;

    CommandKind(String wire) {
        this.wire = wire;
    }

    /** The wire message's {@code type}, e.g. {@code order.place}. */
    public String wire() {
        return wire;
    }
}
