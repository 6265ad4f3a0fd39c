package io.tickwire.protocol.message;

/** The shape of a {@code client_order_id}: 1 to 36 of {@code A-Z a-z 0-9 . _ : -} (a UUID fits). */
public final class ClientOrderIds {

    /** Longest accepted id. */
    public static final int MAX_LENGTH = 36;

    private ClientOrderIds() {
    }

    /**
     * Whether {@code id} is a well-formed client order id. A loop over the characters, not a
     * regular expression: it runs two or three times for every order placed.
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
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
