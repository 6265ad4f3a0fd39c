package io.tickwire.server.auth;

import java.util.Set;

/**
 * Who a connection or request acts as: the user id from the token's {@code sub}, the scopes it
 * grants, and when it expires (ms).
 */
public record Principal(long userId, Set<Scope> scopes, long expiresAt) {

    public Principal {
        scopes = Set.copyOf(scopes);
    }

    public boolean can(Scope scope) {
        return scopes.contains(scope);
    }
}
