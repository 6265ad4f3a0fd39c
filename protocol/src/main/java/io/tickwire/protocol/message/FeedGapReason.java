package io.tickwire.protocol.message;

import java.util.Locale;

/** Why a captured feed's new epoch starts with {@code feed.gap}: what the upstream sent meanwhile is gone. */
public enum FeedGapReason implements WireEnum {
    /** The relay lost its upstream connection and connected again. */
    RECONNECTED_AFTER_DISCONNECT,
    /** The relay process started again. */
    PROCESS_RESTART;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static FeedGapReason fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
