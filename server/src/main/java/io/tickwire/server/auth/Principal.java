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

    /**
     * Whether this principal may read its own account (balances, orders, the {@code account}
     * stream), over WebSocket and REST alike: scope {@code read}, or {@code trade}, since a token
     * that may place orders must be able to see what became of them.
     */
    public boolean canReadAccount() {
        return scopes.contains(Scope.READ) || scopes.contains(Scope.TRADE);
    }
}
