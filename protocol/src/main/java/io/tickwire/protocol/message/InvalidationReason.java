package io.tickwire.protocol.message;

import java.util.Locale;

/** Why a book stream was invalidated; a fresh {@code book.snapshot} follows. */
public enum InvalidationReason implements WireEnum {
    LAG, SEQUENCE_GAP, RESET;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static InvalidationReason fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
