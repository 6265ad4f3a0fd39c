package io.tickwire.protocol.message;

/**
 * An enum that travels on the wire as a string. The server always writes the case the
 * protocol shows for the field ({@link #wire()} lower case, or {@link Enum#name()} upper case
 * in order and trade payloads); on input any case is accepted.
 */
public interface WireEnum {

    /** The lower-case wire name, e.g. {@code "post_only"}. */
    String wire();

    /** Case-insensitive lookup over an enum's constants; {@code null} when nothing matches. */
    static <E extends Enum<E> & WireEnum> E lookup(E[] values, String text) {
        if (text == null) {
            return null;
        }
        for (E value : values) {
            if (value.wire().equalsIgnoreCase(text)) {
                return value;
            }
        }
        return null;
    }
}
