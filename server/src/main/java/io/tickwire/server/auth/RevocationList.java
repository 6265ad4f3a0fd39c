package io.tickwire.server.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@link RevocationSet} of a node: in memory, optionally kept in a file ({@link #persistent}).
 * Lookups read an immutable snapshot without a lock; changes are serialised, written to the file
 * first (when there is one) and published after, so what is in force is always on disk.
 *
 * <p>Bounded: a revocation of one token is dropped once the token would have expired anyway, and
 * a user has one entry, its latest {@code issued_before}; past {@value #MAX_ENTRIES} entries in
 * force a new one is refused ({@link TooManyRevocationsException}) rather than let the set grow
 * without bound.
 */
public final class RevocationList implements RevocationSet {
    /** The file's name in a data directory: the revocations of record of a core. */
    public static final String FILE_NAME = "revocations.json";
    /** Entries in force at most. */
    public static final int MAX_ENTRIES = 100_000;

    /** What is in force: {@code jti} to when it expires, user to its {@code issued_before} (ms). */
    private record State(Map<String, Long> tokens, Map<Long, Long> users) {
        static final State EMPTY = new State(Map.of(), Map.of());

        int size() {
            return tokens.size() + users.size();
        }
    }

    private final Clock clock;
    private final Path file;
    private final List<Consumer<List<Revocation>>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = State.EMPTY;

    private RevocationList(Clock clock, Path file) {
        this.clock = clock;
        this.file = file;
    }

    /** An empty set kept in memory only: a copy fed from outside (a gateway node's), or tests'. */
    public static RevocationList inMemory(Clock clock) {
        return new RevocationList(clock, null);
    }

    /**
     * The set of record kept in {@code file} (read now when it exists; created on the first
     * revocation). A file that cannot be read stops the start: a node must not forget revocations.
     */
    public static RevocationList persistent(Path file, Clock clock) throws IOException {
        RevocationList list = new RevocationList(clock, file);
        list.state = list.merged(State.EMPTY, RevocationFile.read(file));
        return list;
    }

    @Override
    public boolean isRevoked(String tokenId, long userId, long issuedAt) {
        State now = state;
        if (tokenId != null && now.tokens.containsKey(tokenId)) {
            return true;
        }
        Long before = now.users.get(userId);
        return before != null && issuedAt < before;
    }

    @Override
    public void add(Collection<Revocation> revocations) throws IOException {
        synchronized (this) {
            State next = merged(state, revocations);
            if (next.size() > MAX_ENTRIES && next.size() > state.size()) {
                throw new TooManyRevocationsException(MAX_ENTRIES);
            }
            if (file != null) {
                RevocationFile.write(file, entries(next));
            }
            state = next;
        }
        List<Revocation> added = List.copyOf(revocations);
        for (Consumer<List<Revocation>> listener : listeners) {
            listener.accept(added);
        }
    }

    /** {@code base} with {@code added}, less the token entries that have expired. */
    private State merged(State base, Collection<Revocation> added) {
        long now = clock.millis();
        Map<String, Long> tokens = new HashMap<>();
        base.tokens.forEach((id, expires) -> {
            if (expires > now) {
                tokens.put(id, expires);
            }
        });
        Map<Long, Long> users = new HashMap<>(base.users);
        for (Revocation revocation : added) {
            switch (revocation) {
                case Revocation.OfToken t when t.expiresAt() > now ->
                        tokens.merge(t.tokenId(), t.expiresAt(), Math::max);
                case Revocation.OfToken expired -> {
                    // already refused as expired: nothing to keep
                }
                case Revocation.OfUser u -> users.merge(u.userId(), u.issuedBefore(), Math::max);
            }
        }
        return new State(Map.copyOf(tokens), Map.copyOf(users));
    }

    @Override
    public List<Revocation> entries() {
        return entries(state);
    }

    private static List<Revocation> entries(State state) {
        List<Revocation> all = new ArrayList<>(state.size());
        state.tokens.forEach((id, expires) -> all.add(new Revocation.OfToken(id, expires)));
        state.users.forEach((user, before) -> all.add(new Revocation.OfUser(user, before)));
        return all;
    }

    @Override
    public boolean durable() {
        return file != null;
    }

    @Override
    public void addListener(Consumer<List<Revocation>> listener) {
        listeners.add(listener);
    }
}
