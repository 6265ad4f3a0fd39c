package io.tickwire.protocol.decimal;

/**
 * A decimal string that is not a canonical Tickwire decimal, or a value that does not fit
 * the scale or range it is asked to fit. The message says what is wrong in words a client
 * developer can act on; it never echoes more than a short prefix of the input.
 */
public final class DecimalFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DecimalFormatException(String message) {
        super(message);
    }
}
