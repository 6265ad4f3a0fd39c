package io.tickwire.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revocations: what they refuse, how they stay bounded, and that the file keeps them. */
class RevocationListTest {
    private static final long NOW = Instant.parse("2026-12-07T16:00:00Z").toEpochMilli();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void byTokenAndByUserIssuedBefore() throws Exception {
        RevocationList list = RevocationList.inMemory(clock);
        list.add(List.of(new Revocation.OfToken("t1", NOW + 60_000), new Revocation.OfUser(1002, NOW)));
        assertThat(list.isRevoked("t1", 1001, NOW)).isTrue();
        assertThat(list.isRevoked("t2", 1001, NOW)).isFalse();
        assertThat(list.isRevoked(null, 1002, NOW - 1000)).as("issued before").isTrue();
        assertThat(list.isRevoked(null, 1002, NOW)).as("issued at the instant: not before it").isFalse();
        assertThat(list.isRevoked(null, 1003, 0)).isFalse();
    }

    @Test
    void expiredTokensAreForgottenAndAUserKeepsItsLatestEntry() throws Exception {
        RevocationList list = RevocationList.inMemory(clock);
        list.add(List.of(new Revocation.OfToken("old", NOW - 1), new Revocation.OfToken("live", NOW + 1),
                new Revocation.OfUser(1001, NOW - 5000), new Revocation.OfUser(1001, NOW - 10_000)));
        assertThat(list.entries()).containsExactlyInAnyOrder(new Revocation.OfToken("live", NOW + 1),
                new Revocation.OfUser(1001, NOW - 5000));
    }

    @Test
    void aFullListRefusesMoreButStillTakesWhatReplacesAnEntry() throws Exception {
        RevocationList list = RevocationList.inMemory(clock);
        List<Revocation> many = new ArrayList<>();
        for (int i = 0; i < RevocationList.MAX_ENTRIES; i++) {
            many.add(new Revocation.OfUser(i, NOW));
        }
        list.add(many);
        assertThatThrownBy(() -> list.add(List.of(new Revocation.OfToken("one-more", NOW + 1))))
                .isInstanceOf(TooManyRevocationsException.class).hasMessageContaining("revoke by user_id");
        list.add(List.of(new Revocation.OfUser(7, NOW + 1))); // replaces user 7's entry
        assertThat(list.isRevoked(null, 7, NOW)).isTrue();
    }

    @Test
    void listenersRunAfterTheChangeIsInForceWithWhatWasAdded() throws Exception {
        RevocationList list = RevocationList.inMemory(clock);
        AtomicInteger sawRevoked = new AtomicInteger();
        List<Revocation> heard = new ArrayList<>();
        list.addListener(added -> {
            if (list.isRevoked("t1", 1, NOW)) {
                sawRevoked.incrementAndGet();
            }
            heard.addAll(added);
        });
        list.add(List.of(new Revocation.OfToken("t1", NOW + 1)));
        assertThat(sawRevoked).hasValue(1);
        assertThat(heard).containsExactly(new Revocation.OfToken("t1", NOW + 1));
    }

    @Test
    void aPersistentListSurvivesARestartAndABadFileStopsTheStart() throws Exception {
        Path file = dir.resolve(RevocationList.FILE_NAME);
        RevocationList first = RevocationList.persistent(file, clock);
        assertThat(first.durable()).isTrue();
        first.add(List.of(new Revocation.OfToken("t1", NOW + 60_000), new Revocation.OfUser(1002, NOW)));
        assertThat(Files.exists(dir.resolve(RevocationList.FILE_NAME + ".tmp"))).isFalse();
        RevocationList again = RevocationList.persistent(file, clock);
        assertThat(again.entries()).containsExactlyInAnyOrderElementsOf(first.entries());
        Files.writeString(file, "{\"version\":1,\"revocations\":[{\"user_id\":\"x\"}]}");
        assertThatThrownBy(() -> RevocationList.persistent(file, clock)).hasMessageContaining(file.toString());
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> RevocationList.persistent(file, clock)).hasMessageContaining("not valid JSON");
    }
}
