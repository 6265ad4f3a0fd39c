package io.tickwire.nats.publish;

import static org.awaitility.Awaitility.await;

import io.tickwire.journal.Journal;
import io.tickwire.server.TestVenue;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.nats.NatsServer;
import io.tickwire.testkit.process.KillableChild;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a publishing core under load, three times, each at a random number of
 * acknowledged batches; then a core on the same data publishes what is left. The stream holds
 * every durable batch exactly once, in order, with the journal's events: batches in flight at
 * a kill are published again and deduplicated, and none is lost.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CorePublishCrashTest {

    @TempDir
    Path dir;

    @Test
    void killedCoresLeaveADenseStreamWithNoDuplicates() throws Exception {
        Random random = new Random(14);
        Path core = dir.resolve("core");
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            for (int kill = 0; kill < 3; kill++) {
                try (KillableChild child = KillableChild.start(CorePublishCrashChild.class, core.toString(),
                        nats.url())) {
                    int acks = 3 + random.nextInt(20);
                    for (int i = 0; i < acks; i++) {
                        child.awaitLine("acked ", Duration.ofSeconds(60));
                    }
                    child.kill();
                }
            }
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            JetStreamPublisher publisher = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(core, FrontDoorConfig.defaults(0), List.of(publisher))) {
                venue.barrier();
                Journal<CoreBatch> journal = venue.server().core().journal();
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.lastAcknowledged() == journal.lastBatch());

                StreamContent.read(nats.url(), config).assertIsTheJournal(journal,
                        publisher.lastAcknowledged());
            }
        }
    }
}
