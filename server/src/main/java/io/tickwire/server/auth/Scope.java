package io.tickwire.server.auth;

import java.util.Locale;

/** What a token allows: reading the user's own data, trading, administration. */
public enum Scope {
    READ, TRADE, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope of that name, or {@code null}. */
    public static Scope fromWire(String text) {
        for (Scope scope : values()) {
            if (scope.wire().equals(text)) {
                return scope;
            }
        }
        return null;
    }
}
