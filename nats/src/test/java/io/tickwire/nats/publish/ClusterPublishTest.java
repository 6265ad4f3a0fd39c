package io.tickwire.nats.publish;

import static org.awaitility.Awaitility.await;

import io.tickwire.journal.Journal;
import io.tickwire.server.TestVenue;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.nats.NatsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-node NATS cluster on loopback, the stream with three replicas, one node killed with
 * SIGKILL while the core trades: every durable batch is on the stream once, read back from a node
 * that survived.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterPublishTest {

    @TempDir
    Path dir;

    @Test
    void aNatsNodeKilledUnderLoadLosesNothing() throws Exception {
        List<NatsServer> cluster = NatsServer.startCluster(dir.resolve("nats"), 3);
        try {
            JetStreamConfig config = JetStreamConfig.defaults(cluster.get(0).url(), "TICKWIRE")
                    .withServers(cluster.stream().map(NatsServer::url).toList())
                    .withReplicas(3)
                    .withAckTimeout(Duration.ofSeconds(2));
            JetStreamPublisher publisher = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(dir.resolve("core"), FrontDoorConfig.defaults(0),
                    List.of(publisher))) {
                Journal<CoreBatch> journal = venue.server().core().journal();
                for (int i = 0; i < 20; i++) {
                    venue.trade(i);
                    venue.barrier();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.lastAcknowledged() == journal.lastBatch());

                cluster.get(0).kill();
                for (int i = 0; i < 40; i++) {
                    venue.trade(i);
                    venue.barrier();
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> publisher.lastAcknowledged() == journal.lastBatch());

                StreamContent.read(cluster.get(1).url(), config).assertIsTheJournal(journal,
                        publisher.lastAcknowledged());
            }
        } finally {
            cluster.forEach(NatsServer::close);
        }
    }
}
