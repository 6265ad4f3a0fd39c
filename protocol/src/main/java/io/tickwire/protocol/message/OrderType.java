package io.tickwire.protocol.message;

import java.util.Locale;

/** Limit or market order. */
public enum OrderType implements WireEnum {
    LIMIT, MARKET;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static OrderType fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
