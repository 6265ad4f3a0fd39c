package io.tickwire.nats.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.nats.wire.RevocationFrame;
import io.tickwire.server.auth.Revocation;
import io.tickwire.server.auth.RevocationCodec;
import io.tickwire.server.auth.RevocationList;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.testkit.nats.NatsServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway node's copy of the core's revocations against a real nats-server and a core played
 * by hand on the wire ({@link RevocationFrame}): the whole set (in parts) before the start returns,
 * each change as announced, a change it never heard of caught up from the next heartbeat, and a
 * restarted core's set asked for anew.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RevocationFeedTest {
    private static final long LATER = System.currentTimeMillis() + Duration.ofHours(1).toMillis();

    @TempDir
    Path dir;

    /** The core's side: its set and version, answered on request; changes announced only when told. */
    private static final class HandPlayedCore {
        final List<Revocation> set = new CopyOnWriteArrayList<>();
        volatile String version;
        final Connection connection;

        HandPlayedCore(NatsServer nats, JetStreamConfig config, String version) throws Exception {
            this.version = version;
            connection = Nats.connect(nats.url());
            connection.createDispatcher().subscribe(config.revocationsSubject(), request -> {
                List<byte[]> parts = BatchFrame.split(RevocationCodec.encode(List.copyOf(set)), 1024);
                for (int i = 0; i < parts.size(); i++) {
                    connection.publish(request.getReplyTo(), new Headers().put(RevocationFrame.VERSION, this.version)
                            .put(BatchFrame.PART, (i + 1) + "/" + parts.size()), parts.get(i));
                }
            });
            connection.flush(Duration.ofSeconds(5));
        }

        void announce(JetStreamConfig config, List<Revocation> added) {
            connection.publish(config.revokedSubject(), new Headers().put(RevocationFrame.VERSION, version),
                    RevocationCodec.encode(added));
        }
    }

    private static Revocation token(String id) {
        return new Revocation.OfToken(id, LATER);
    }

    @Test
    @SuppressWarnings("try") // jnats's Connection.close() may throw InterruptedException
    void theNodeHoldsTheWholeSetFollowsChangesAndCatchesUpWhatItMissed() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            HandPlayedCore core = new HandPlayedCore(nats, config, "A:1");
            List<Revocation> first = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                first.add(token("token-" + i)); // several kilobytes: several parts
            }
            core.set.addAll(first);
            RevocationList copy = RevocationList.inMemory(Clock.systemUTC());
            try (Connection c = core.connection; RevocationFeed feed = RevocationFeed.start(config, copy,
                    Duration.ofSeconds(30))) {
                assertThat(copy.entries()).containsExactlyInAnyOrderElementsOf(first);

                // A change as announced.
                core.version = "A:2";
                core.set.add(token("announced"));
                core.announce(config, List.of(token("announced")));
                await().atMost(Duration.ofSeconds(30)).until(() -> copy.isRevoked("announced", 1, 0));

                // Two changes the node never heard of (cut from NATS then): the heartbeat says A:4.
                core.set.add(token("missed-1"));
                core.set.add(new Revocation.OfUser(1001, LATER));
                core.version = "A:4";
                core.announce(config, List.of());
                await().atMost(Duration.ofSeconds(30)).until(() -> copy.isRevoked("missed-1", 1, 0)
                        && copy.isRevoked(null, 1001, LATER - 1));

                // A restarted core is a new instance: the node asks it for its set.
                core.set.add(token("after-restart"));
                core.version = "B:0";
                core.announce(config, List.of());
                await().atMost(Duration.ofSeconds(30)).until(() -> copy.isRevoked("after-restart", 1, 0));
                assertThat(copy.entries()).hasSize(104);
            }
        }
    }

    @Test
    void aNodeDoesNotStartWithoutTheCoresRevocations() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            assertThatThrownBy(() -> RevocationFeed.start(config, RevocationList.inMemory(Clock.systemUTC()),
                    Duration.ofSeconds(2)))
                    .hasMessage("the core did not send its token revocations within 2 s on tickwire.revocations");
        }
    }
}
