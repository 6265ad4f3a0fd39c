package io.tickwire.protocol.message;

import java.util.Locale;

/** Codes of the {@code error} message. */
public enum ErrorCode implements WireEnum {
    BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, UNKNOWN_TOPIC, RATE_LIMITED, TOO_LARGE, INTERNAL;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static ErrorCode fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
