package io.tickwire.protocol.message;

import java.util.Locale;

/**
 * Codes a {@code receipt} with status {@code rejected} may carry. Clients must accept codes not listed here: the
 * receipt's {@code code} is a string so that the server can add codes.
 */
public enum RejectCode implements WireEnum {
    INSUFFICIENT_BALANCE, DUPLICATE_CLIENT_ORDER_ID, UNKNOWN_MARKET, UNKNOWN_ORDER, ORDER_NOT_OPEN, INVALID_PRICE,
            INVALID_QTY, BELOW_MIN_QTY, POST_ONLY_WOULD_TAKE, FOK_NOT_FILLABLE, NO_LIQUIDITY, UNKNOWN_ASSET,
                    INVALID_AMOUNT, BAD_REQUEST, FORBIDDEN, INTERNAL,
    /** Version 1.1: the command reached the sequencer after its {@code deadline}; it changed nothing. */
    DEADLINE_EXCEEDED,
    /** Version 1.1: an {@code order.batch} of more than 20 orders. */
    BATCH_TOO_LARGE;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static RejectCode fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
