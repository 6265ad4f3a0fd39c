package io.tickwire.protocol.message;

import java.util.Locale;

/** Outcome of a command once its batch is durable. */
public enum ReceiptStatus implements WireEnum {
    ACCEPTED, REJECTED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @Override
    public String wire() {
        return wire;
    }

    /** The constant named by {@code text}, in any case; {@code null} when there is none. */
    public static ReceiptStatus fromWire(String text) {
        return WireEnum.lookup(values(), text);
    }
}
