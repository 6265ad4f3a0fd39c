package io.tickwire.nats.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.journal.ReadResult;
import io.tickwire.nats.publish.CorePublishCrashChild;
import io.tickwire.nats.publish.JetStreamPublisher;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.server.TestVenue;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.nats.NatsServer;
import io.tickwire.testkit.process.KillableChild;
import io.tickwire.testkit.ws.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway node's client through failures upstream: the core killed with SIGKILL under load and
 * restarted (twice), then nats-server killed and restarted under load. The client, subscribed on
 * the gateway the whole time, ends with every public trade once, in order, as the core's journal
 * has them: batches in flight at a kill are published again and deduplicated, and the node
 * catches up after NATS returns.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CoreFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TRADES = "trades.BTC-USDT";

    @TempDir
    Path dir;

    @Test
    void aGatewaysClientSeesEveryTradeOnceThroughCoreKillsAndANatsRestart() throws Exception {
        Path core = dir.resolve("core");
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            List<Long> seqs = new ArrayList<>();
            GatewayNode node = null;
            WsTestClient client = null;
            try {
                for (int kill = 0; kill < 2; kill++) {
                    try (KillableChild child = KillableChild.start(CorePublishCrashChild.class, core.toString(),
                            nats.url())) {
                        child.awaitLine("acked ", WAIT);
                        if (node == null) {
                            node = GatewayNode.start(config, FrontDoorConfig.defaults(0), dir.resolve("g1"),
                                    core.resolve(TokenService.SECRET_FILE), 100_000);
                            client = WsTestClient.connect(node.port(), null);
                            client.send("{\"type\":\"subscribe\",\"topic\":\"" + TRADES + "\"}");
                            client.await(ServerMessage.Subscribed.class);
                        }
                        for (int i = 0; i < 5; i++) {
                            child.awaitLine("acked ", WAIT);
                        }
                        child.kill();
                    }
                }
                JetStreamPublisher publisher = new JetStreamPublisher(config.withAckTimeout(Duration.ofSeconds(2)));
                try (TestVenue venue = new TestVenue(core, FrontDoorConfig.defaults(0), List.of(publisher))) {
                    for (int i = 0; i < 10; i++) {
                        venue.trade(i);
                        venue.barrier();
                    }
                    nats.kill();
                    for (int i = 0; i < 10; i++) {
                        venue.trade(i);
                        venue.barrier();
                    }
                    nats.restart();
                    for (int i = 0; i < 10; i++) {
                        venue.trade(i);
                        venue.barrier();
                    }
                    long last = venue.server().core().journal().lastBatch();
                    GatewayNode following = node;
                    await().atMost(WAIT).until(() -> following.lastBatch() >= last);
                    long head = venue.head(TRADES);
                    while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < head) {
                        StreamEvent e = client.await(m -> m instanceof StreamEvent s
                                && s.topic().name().equals(TRADES));
                        if (e.data().getClass().getSimpleName().endsWith("Snapshot")) {
                            continue;
                        }
                        seqs.add(e.seq());
                    }
                    long first = seqs.get(0);
                    List<Long> expected = new ArrayList<>();
                    for (long s = first; s <= head; s++) {
                        expected.add(s);
                    }
                    assertThat(seqs).as("every trade once, in order").isEqualTo(expected);
                    ReadResult journal = venue.server().core().journal().read(TRADES, first - 1, seqs.size());
                    assertThat(((ReadResult.Events) journal).events()).hasSize(seqs.size());
                }
            } finally {
                if (client != null) {
                    client.close();
                }
                if (node != null) {
                    node.close();
                }
            }
        }
    }
}
