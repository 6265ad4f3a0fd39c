package io.tickwire.nats.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.codec.JsonCodec;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.ReadResult;
import io.tickwire.nats.publish.JetStreamPublisher;
import io.tickwire.protocol.message.EventPayload;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a gateway node under load: its client reconnects to another gateway node and
 * resumes each topic with its cursor. It ends with every event of each topic once, in order, equal
 * to the core's journal: nothing lost, nothing repeated.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GatewayFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String[] TOPICS = {"trades.BTC-USDT", "account"};
    private static final JsonCodec CODEC = new JsonCodec();

    @TempDir
    Path dir;

    @Test
    void aClientOfAKilledGatewayResumesOnAnotherWithNothingLostOrRepeated() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            Path coreDir = dir.resolve("core");
            Path secret = coreDir.resolve(TokenService.SECRET_FILE);
            try (TestVenue venue = new TestVenue(coreDir, FrontDoorConfig.defaults(0),
                    List.of(new JetStreamPublisher(config)));
                 KillableChild one = KillableChild.start(GatewayNodeChild.class, nats.url(),
                         dir.resolve("g1").toString(), secret.toString());
                 GatewayNode two = GatewayNode.start(config, FrontDoorConfig.defaults(0), dir.resolve("g2"), secret,
                         10_000)) {
                int portOne = Integer.parseInt(one.awaitLine("port ", WAIT));
                String token = venue.token(TestVenue.BUYER);
                Map<String, List<StreamEvent>> seen = new HashMap<>();
                String epoch;

                AtomicBoolean trading = new AtomicBoolean(true);
                Thread load = Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; trading.get(); i++) {
                            venue.trade(i);
                            venue.barrier();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                try (WsTestClient client = WsTestClient.connect(portOne, token)) {
                    client.await(ServerMessage.AuthOk.class);
                    for (String topic : TOPICS) {
                        client.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}");
                        client.await(m -> m instanceof ServerMessage.Subscribed s && s.topic().name().equals(topic));
                        seen.put(topic, new ArrayList<>());
                    }
                    while (seen.get("trades.BTC-USDT").size() < 30) {
                        StreamEvent e = client.await(m -> m instanceof StreamEvent);
                        seen.get(e.topic().name()).add(e);
                    }
                    epoch = seen.get("trades.BTC-USDT").get(0).epoch();
                    one.kill();
                    // what the client had read before the connection died
                    ServerMessage m;
                    while ((m = client.next(0)) != null) {
                        if (m instanceof StreamEvent e) {
                            seen.get(e.topic().name()).add(e);
                        }
                    }
                }
                try (WsTestClient client = WsTestClient.connect(two.port(), token)) {
                    client.await(ServerMessage.AuthOk.class);
                    for (String topic : TOPICS) {
                        List<StreamEvent> got = seen.get(topic);
                        long cursor = got.get(got.size() - 1).seq();
                        client.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"since\":{\"epoch\":\""
                                + epoch + "\",\"seq\":" + cursor + "}}");
                        ServerMessage.Subscribed subscribed = client.await(
                                s -> s instanceof ServerMessage.Subscribed x && x.topic().name().equals(topic));
                        assertThat(subscribed.recovered()).as(topic + " resumed on the other node").isTrue();
                    }
                    trading.set(false);
                    load.join();
                    venue.barrier();
                    long last = venue.server().core().journal().lastBatch();
                    await().atMost(WAIT).until(() -> two.lastBatch() >= last);
                    for (String topic : TOPICS) {
                        String stream = topic.equals("account") ? TestVenue.account(TestVenue.BUYER) : topic;
                        long head = venue.head(stream);
                        List<StreamEvent> got = seen.get(topic);
                        while (got.get(got.size() - 1).seq() < head) {
                            got.add(client.await(x -> x instanceof StreamEvent e && e.topic().name().equals(topic)));
                        }
                        assertDenseAndEqualToTheJournal(venue, stream, got, head);
                    }
                }
            }
        }
    }

    /** A journaled event's payload, decoded as a client would. */
    private static EventPayload payload(JournalEvent event, String topic, String epoch) {
        StreamEvent decoded = (StreamEvent) CODEC.decodeServer(
                CODEC.frame(event.type(), topic, epoch, event.seq(), event.ts(), event.data())).orThrow();
        return decoded.data();
    }

    private static void assertDenseAndEqualToTheJournal(TestVenue venue, String stream, List<StreamEvent> got,
                                                        long head) {
        List<StreamEvent> events = got.stream().filter(e -> !e.data().getClass().getSimpleName().endsWith("Snapshot"))
                .toList();
        long first = events.get(0).seq();
        List<Long> seqs = events.stream().map(StreamEvent::seq).toList();
        List<Long> expected = new ArrayList<>();
        for (long s = first; s <= head; s++) {
            expected.add(s);
        }
        assertThat(seqs).as(stream + ": every seq once, in order").isEqualTo(expected);
        ReadResult read = venue.server().core().journal().read(stream, first - 1, (int) (head - first + 1));
        List<JournalEvent> journal = ((ReadResult.Events) read).events();
        assertThat(journal).hasSize(events.size());
        for (int i = 0; i < journal.size(); i++) {
            assertThat(events.get(i).data().toString()).as(stream + " seq " + journal.get(i).seq())
                    .isEqualTo(payload(journal.get(i), events.get(i).topic().name(), events.get(i).epoch()).toString());
        }
    }
}
