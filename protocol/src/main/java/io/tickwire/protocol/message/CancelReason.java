package io.tickwire.protocol.message;

import java.util.Locale;

/** Why an order was canceled: {@code cancel_reason} on a CANCELED {@code order.update} (protocol 1.1). */
public enum CancelReason implements WireEnum {
    /** The user's cancel, or cancel-all. */
    USER,
    /** The user's dead man's switch fired. */
    DEAD_MAN_SWITCH,
    /** The connection that placed it, with cancel on disconnect, ended. */
    DISCONNECT,
    /** Matching reached one of the user's own orders (self-trade prevention). */
    SELF_TRADE,
    /** What an IOC order did not fill at once. */
    IOC_REMAINDER,
    /** What a FOK order did not fill (a FOK that cannot fill entirely is rejected instead). */
    FOK_UNFILLED,
    /** What a market order did not fill. */
    MARKET_REMAINDER,
    /** An amend to a quantity at or below what is already filled. */
    AMEND_BELOW_FILLED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static CancelReason fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
