package io.tickwire.protocol.message;

/**
 * An enum that travels on the wire as a string. The server always writes the case the
 * protocol shows for the field ({@link #wire()} lower case, or {@link Enum#name()} upper case
 * in order and trade payloads); on input any case is accepted.
 */
public interface WireEnum {

    /** The lower-case wire name, e.g. {@code "post_only"}. */
    String wire();

    /**
     * Lookup over an enum's constants that ignores ASCII case only, so that look-alikes such as
     * {@code "\u017Fell"} are not read as {@code "sell"}; {@code null} when nothing matches.
     */
    static <E extends Enum<E> & WireEnum> E lookup(E[] values, String text) {
        if (text == null) {
            return null;
        }
        for (E value : values) {
            if (equalsIgnoreAsciiCase(value.wire(), text)) {
                return value;
            }
        }
        return null;
    }

    private static boolean equalsIgnoreAsciiCase(String lowerWire, String text) {
        if (lowerWire.length() != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerWire.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
