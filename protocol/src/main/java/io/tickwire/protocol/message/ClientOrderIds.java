package io.tickwire.protocol.message;

import java.util.regex.Pattern;

/** The shape of a {@code client_order_id}: 1 to 36 of {@code A-Z a-z 0-9 . _ : -} (a UUID fits). */
public final class ClientOrderIds {

    /** Longest accepted id. */
    public static final int MAX_LENGTH = 36;

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,36}");

    private ClientOrderIds() {
    }

    /** Whether {@code id} is a well-formed client order id. */
    public static boolean isValid(String id) {
        return id != null && id.length() <= MAX_LENGTH && SHAPE.matcher(id).matches();
    }

    static String require(String id) {
        if (!isValid(id)) {
            String shown = id == null || id.length() <= 64 ? id : id.substring(0, 64) + "...";
            throw new IllegalArgumentException("client_order_id must be 1 to " + MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ : -, was \"" + shown + "\"");
        }
        return id;
    }
}
