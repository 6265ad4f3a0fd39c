package io.tickwire.server.auth;

/**
 * One revocation (protocol 1.2): a single token by its {@code jti}, or every token of a user issued
 * before an instant. A revoked token is refused like an expired one.
 */
public sealed interface Revocation {

    /**
     * The token whose {@code jti} is {@code tokenId}.
     *
     * @param expiresAt when that token expires anyway (ms since the epoch), after which the entry can
     *                  be forgotten; {@link Long#MAX_VALUE} when unknown
     */
    record OfToken(String tokenId, long expiresAt) implements Revocation {
        public OfToken {
            if (tokenId == null || tokenId.isEmpty()) {
                throw new IllegalArgumentException("a token revocation needs a jti");
            }
        }
    }

    /**
     * Every token of {@code userId} issued before {@code issuedBefore} (ms since the epoch; the
     * token's {@code iat}, which JWTs carry in whole seconds).
     */
    record OfUser(long userId, long issuedBefore) implements Revocation {
    }
}
