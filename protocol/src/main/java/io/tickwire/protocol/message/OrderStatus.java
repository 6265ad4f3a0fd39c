package io.tickwire.protocol.message;

import java.util.Locale;

/** Lifecycle state of an order as reported in {@code order.update}. */
public enum OrderStatus implements WireEnum {
    NEW, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** Whether an order in this state may still trade: new or partially filled. */
    public boolean isOpen() {
        return this == NEW || this == PARTIALLY_FILLED;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static OrderStatus fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
