package io.tickwire.server.auth;

import java.io.IOException;

/** A revocation set holds {@link RevocationList#MAX_ENTRIES} entries in force already. */
public final class TooManyRevocationsException extends IOException {
    public TooManyRevocationsException(int max) {
        super("more than " + max + " revocations in force; revoke by user_id instead, or rotate the token secret");
    }
}
