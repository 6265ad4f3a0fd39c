package io.tickwire.protocol.message;

import java.util.Locale;

/** Order side; the side of a book level. */
public enum Side implements WireEnum {
    BUY, SELL;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static Side fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
