package io.tickwire.protocol.message;

import java.util.Locale;

/** Whether a fill took liquidity (taker) or provided it (maker). */
public enum Role implements WireEnum {
    TAKER, MAKER;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static Role fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
