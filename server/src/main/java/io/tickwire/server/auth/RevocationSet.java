package io.tickwire.server.auth;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The revocations that {@link TokenService} consults on every verification. Implementations are
 * safe to call from any thread, and cheap to ask (event loops ask on every token they check).
 *
 * <p>Updates come from outside: the admin endpoint of the node that keeps them ({@link #durable()},
 * the core), or, for a gateway node, the revocations the core hands on. Whoever holds connections
 * registers a listener and closes those whose token a change revoked.
 */
public interface RevocationSet {

    /**
     * Whether the token with {@code tokenId} ({@code jti}, may be null), of {@code userId}, issued
     * at {@code issuedAt} (ms since the epoch; 0 when the token says nothing) is revoked.
     */
    boolean isRevoked(String tokenId, long userId, long issuedAt);

    /** Whether the token of {@code principal} is revoked. */
    default boolean isRevoked(Principal principal) {
        return isRevoked(principal.tokenId(), principal.userId(), principal.issuedAt());
    }

    /**
     * Adds revocations; once this returns they are in force (and, for a {@link #durable()} set,
     * on disk) and the listeners have run. Blocking when durable: never call it on an event loop.
     *
     * @throws TooManyRevocationsException when the set is full of entries that are still in force
     * @throws IOException                 when a durable set cannot write them (then none is in force)
     */
    void add(Collection<Revocation> revocations) throws IOException;

    /** The revocations in force, for a node that hands them on, or a status page. */
    List<Revocation> entries();

    /** Whether this set is the one of record (kept on disk by this node) rather than a copy fed from outside. */
    boolean durable();

    /**
     * Runs {@code listener} after each change with the revocations that were added, on the thread
     * that made it (after they are in force). A listener must not block: it hands work to where the
     * connections live, or to NATS's buffered publish.
     */
    void addListener(Consumer<List<Revocation>> listener);
}
