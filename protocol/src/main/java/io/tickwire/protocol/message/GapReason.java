package io.tickwire.protocol.message;

import java.util.Locale;

/** Why a resume could not be served from history. */
public enum GapReason implements WireEnum {
    RETENTION, EPOCH_CHANGED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static GapReason fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
