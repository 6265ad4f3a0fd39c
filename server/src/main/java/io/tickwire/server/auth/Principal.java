package io.tickwire.server.auth;

import java.util.Set;

/**
 * Who a connection or request acts as: the user id from the token's {@code sub}, the scopes it
 * grants, when it expires (ms), and which token it is ({@code jti}, and {@code iat} in ms), so
 * that a revocation can find the connections that use it.
 *
 * @param tokenId  the token's {@code jti}; null for a token without one
 * @param issuedAt the token's {@code iat} in ms; 0 for a token without one
 */
public record Principal(long userId, Set<Scope> scopes, long expiresAt, String tokenId, long issuedAt) {

    public Principal {
        scopes = Set.copyOf(scopes);
    }

    /** A principal not made from a token's claims (no {@code jti}, no {@code iat}). */
    public Principal(long userId, Set<Scope> scopes, long expiresAt) {
        this(userId, scopes, expiresAt, null, 0);
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
