package io.tickwire.protocol.message;

import java.util.Locale;

/**
 * How long an order may rest: good till cancel, immediate or cancel, fill or kill, or post only (rejected when it would
 * take).
 */
public enum TimeInForce implements WireEnum {
    GTC, IOC, FOK, POST_ONLY;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static TimeInForce fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
