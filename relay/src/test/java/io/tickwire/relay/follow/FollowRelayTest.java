package io.tickwire.relay.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.Update;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import io.tickwire.relay.node.RelayNode;
import io.tickwire.server.TestVenue;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.net.ChaosProxy;
import io.tickwire.testkit.process.KillableChild;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay following a real Tickwire node: under upstream cuts its clients end dense and
 * byte-identical to the upstream's; killed with {@code -9} under load it resumes from its journal
 * with nothing lost or repeated downstream; a client moves between the two with its cursor.
 */
class FollowRelayTest {
    private static final String[] TOPICS = {"book.BTC-USDT", "trades.BTC-USDT"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random(Long.getLong("tickwire.test.seed", System.nanoTime()));

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private long head(int port, String topic) throws Exception {
        return get(port, "/events/" + topic + "?since=0&limit=1").path("head_seq").asLong();
    }

    /** Every event of {@code topic} after {@code since} as REST serves it: seq to its frame's text. */
    private Map<Long, String> payloads(int port, String topic, long since) throws Exception {
        Map<Long, String> all = new TreeMap<>();
        long cursor = since;
        while (true) {
            JsonNode page = get(port, "/events/" + topic + "?since=" + cursor + "&limit=1000");
            if (page.path("events").isEmpty()) {
                return all;
            }
            for (JsonNode e : page.path("events")) {
                assertThat(e.path("topic").asText()).as("no gap in " + topic).isEqualTo(topic);
                all.put(e.path("cursor").asLong(), e.path("payload").toString());
                cursor = e.path("cursor").asLong();
            }
        }
    }

    /** The relay's journal of every topic is dense and the upstream's, event for event, byte for byte. */
    private void assertRelayHoldsTheUpstreamsEvents(int relayPort, int upstreamPort) throws Exception {
        for (String topic : TOPICS) {
            // From the relay's first event: a relay starts at the upstream's head, and what is older is a gap.
            JsonNode first = get(relayPort, "/events/" + topic + "?since=0&limit=1").path("events");
            long from = first.isEmpty() ? 0 : "gap".equals(first.get(0).path("topic").asText())
                    ? first.get(0).path("cursor").asLong() : first.get(0).path("cursor").asLong() - 1;
            Map<Long, String> relayed = payloads(relayPort, topic, from);
            Map<Long, String> upstream = payloads(upstreamPort, topic, from);
            assertThat(relayed).as(topic + " on the relay").isNotEmpty();
            assertThat(relayed.keySet()).as(topic + ": dense, the upstream's seqs")
                    .containsExactlyElementsOf(upstream.keySet());
            assertThat(relayed).as(topic + ": byte-identical frames").isEqualTo(upstream);
        }
    }

    private void subscribeAll(RawFrames client) throws Exception {
        int id = 1;
        for (String topic : TOPICS) {
            client.send("{\"type\":\"subscribe\",\"id\":" + id++ + ",\"topic\":\"" + topic + "\"}");
        }
    }

    @Test
    void underUpstreamCutsEveryDownstreamClientEndsDenseAndByteIdenticalToAnUpstreamClient() throws Exception {
        try (TestVenue venue = new TestVenue(dir.resolve("upstream"));
             ChaosProxy proxy = new ChaosProxy(venue.port());
             RelayNode relay = RelayNode.follow(FollowConfig.of(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"),
                     null, List.of()), FrontDoorConfig.defaults(0), dir.resolve("relay"));
             RawFrames upstreamClient = new RawFrames(venue.port());
             RawFrames relayClient = new RawFrames(relay.port())) {
            subscribeAll(upstreamClient);
            subscribeAll(relayClient);
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread chaos = Thread.ofPlatform().name("chaos").start(() -> {
                while (loading.get()) {
                    try {
                        Thread.sleep(30 + random.nextInt(150));
                    } catch (InterruptedException e) {
                        return;
                    }
                    proxy.cutAll();
                }
            });
            for (int i = 0; i < 600; i++) {
                venue.trade(i);
                if (i % 50 == 0) {
                    Thread.sleep(20);
                }
            }
            venue.barrier();
            loading.set(false);
            chaos.join();
            for (String topic : TOPICS) {
                long head = venue.head(topic);
                await(topic + " on the relay").atMost(Duration.ofSeconds(60))
                        .until(() -> head(relay.port(), topic) == head);
                await(topic + " at the clients").atMost(Duration.ofSeconds(30))
                        .until(() -> relayClient.last(topic) == head && upstreamClient.last(topic) == head);
            }
            assertThat(upstreamClient.problems).isEmpty();
            assertThat(relayClient.problems).as("the relay's client: no repeat, no hole").isEmpty();
            for (String topic : TOPICS) {
                Map<Long, String> relayed = relayClient.events(topic);
                Map<Long, String> direct = upstreamClient.events(topic);
                assertThat(relayed.size()).as(topic + " events through the relay").isGreaterThan(100);
                relayed.forEach((seq, text) -> {
                    if (direct.containsKey(seq)) {
                        assertThat(text).as(topic + " #" + seq + " byte-identical").isEqualTo(direct.get(seq));
                    }
                });
                assertThat(relayed.keySet()).as(topic + ": the relay's client saw what the upstream's did")
                        .containsAll(direct.keySet().stream().filter(s -> s > relayed.keySet().iterator().next())
                                .toList());
            }
            assertRelayHoldsTheUpstreamsEvents(relay.port(), venue.port());
            assertThat(relay.upstream().reconnects()).as("the proxy cut the upstream").isGreaterThan(0);
            JsonNode status = get(relay.port(), "/events/_status");
            assertThat(status.path("reset_epoch").asText()).isEqualTo(venue.server().core().journal().epoch());
            assertThat(status.path("buffer_sizes").path("trades.BTC-USDT").asInt()).isGreaterThan(0);
            String console = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + relay.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(console).as("the console, on a relay too").contains("<title>Tickwire console</title>");
        }
    }

    @Test
    void killedWithSigkillUnderLoadItResumesFromItsJournalWithNothingLostOrRepeatedDownstream() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String[] args = {null, dir.resolve("relay").toString(), Integer.toString(port)};
        try (TestVenue venue = new TestVenue(dir.resolve("upstream"))) {
            args[0] = "ws://127.0.0.1:" + venue.port() + "/ws";
            KillableChild child = KillableChild.start(RelayChild.class, args);
            try {
                child.awaitLine("port ", Duration.ofSeconds(60));
                List<Update.Event> seen = new CopyOnWriteArrayList<>();
                List<Update.Gap> gaps = new CopyOnWriteArrayList<>();
                try (TickwireClient client = TickwireClient.builder().uri(URI.create("ws://127.0.0.1:" + port + "/ws"))
                        .build()) {
                    var trades = client.subscribe(Topic.trades("BTC-USDT"), u -> {
                        if (u instanceof Update.Event e) {
                            seen.add(e);
                        } else {
                            gaps.add((Update.Gap) u);
                        }
                    });
                    client.connect().get(30, TimeUnit.SECONDS);
                    trades.ready().get(30, TimeUnit.SECONDS);
                    for (int i = 0; i < 300; i++) {
                        venue.trade(i);
                        if (i == 150) {
                            child.kill();
                            child.close();
                            child = KillableChild.start(RelayChild.class, args);
                        }
                        if (i % 25 == 0) {
                            Thread.sleep(10);
                        }
                    }
                    child.awaitLine("port ", Duration.ofSeconds(60));
                    venue.barrier();
                    long head = venue.head("trades.BTC-USDT");
                    await("the relay caught up").atMost(Duration.ofSeconds(60))
                            .until(() -> head(port, "trades.BTC-USDT") == head);
                    try {
                        await("the client caught up").atMost(Duration.ofSeconds(60))
                                .until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).seq() == head);
                    } catch (RuntimeException e) {
                        throw new AssertionError("head " + head + ", client saw " + seen.size() + " up to "
                                + (seen.isEmpty() ? "-" : seen.get(seen.size() - 1).cursor()) + ", gaps " + gaps
                                + ", state " + client.connectionState() + ", refusal " + trades.refusal(), e);
                    }
                    assertThat(gaps).as("no gap: the relay resumed where it was").isEmpty();
                    List<Long> seqs = new ArrayList<>();
                    seen.forEach(e -> seqs.add(e.seq()));
                    for (int i = 1; i < seqs.size(); i++) {
                        assertThat(seqs.get(i)).as("0 lost, 0 repeated downstream").isEqualTo(seqs.get(i - 1) + 1);
                    }
                    assertRelayHoldsTheUpstreamsEvents(port, venue.port());
                }
            } finally {
                child.close();
            }
        }
    }

    @Test
    void aClientMovesFromTheUpstreamToTheRelayAndBackWithItsCursor() throws Exception {
        try (TestVenue venue = new TestVenue(dir.resolve("upstream"));
             RelayNode relay = RelayNode.follow(FollowConfig.of(URI.create("ws://127.0.0.1:" + venue.port() + "/ws"),
                     null, List.of()), FrontDoorConfig.defaults(0), dir.resolve("relay"))) {
            String subscribe = "{\"type\":\"subscribe\",\"id\":1,\"topic\":\"trades.BTC-USDT\"}";
            Cursor cursor;
            try (WsTestClient upstream = WsTestClient.connect(venue.port(), null)) {
                upstream.send(subscribe);
                upstream.await(ServerMessage.Subscribed.class);
                for (int i = 0; i < 5; i++) {
                    venue.trade(i);
                }
                StreamEvent last = null;
                for (int i = 0; i < 5; i++) {
                    last = upstream.awaitEvent("market.trade");
                }
                cursor = last.cursor();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> head(relay.port(), "trades.BTC-USDT") >= cursor.seq());
            for (int i = 5; i < 8; i++) {
                venue.trade(i);
            }
            try (WsTestClient moved = WsTestClient.connect(relay.port(), null)) {
                moved.send(resume(cursor));
                ServerMessage.Subscribed subscribed = moved.await(ServerMessage.Subscribed.class);
                assertThat(subscribed.recovered()).as("the relay recovers the upstream's cursor").isTrue();
                assertThat(subscribed.epoch()).isEqualTo(cursor.epoch());
                StreamEvent next = null;
                for (int i = 0; i < 3; i++) {
                    next = moved.awaitEvent("market.trade");
                    assertThat(next.seq()).isEqualTo(cursor.seq() + 1 + i);
                }
                Cursor back = next.cursor();
                try (WsTestClient again = WsTestClient.connect(venue.port(), null)) {
                    venue.trade(8);
                    again.send(resume(back));
                    ServerMessage.Subscribed home = again.await(ServerMessage.Subscribed.class);
                    assertThat(home.recovered()).as("and the upstream the relay's").isTrue();
                    assertThat(again.awaitEvent("market.trade").seq()).isEqualTo(back.seq() + 1);
                }
                moved.send("{\"type\":\"order.cancel\",\"id\":9,\"order_id\":1}");
                ServerMessage.ErrorMessage refused = moved.await(ServerMessage.ErrorMessage.class);
                assertThat(refused.code()).as("orders on a relay").isEqualTo("forbidden");
            }
        }
    }

    @Test
    void aRelayStartedOnAQuietUpstreamHasItsHeadAndNothingBefore() throws Exception {
        try (TestVenue venue = new TestVenue(dir.resolve("upstream"))) {
            for (int i = 0; i < 10; i++) {
                venue.trade(i);
            }
            venue.barrier();
            long head = venue.head("trades.BTC-USDT");
            String epoch = venue.server().core().journal().epoch();
            try (RelayNode relay = RelayNode.follow(FollowConfig.of(URI.create("ws://127.0.0.1:" + venue.port()
                    + "/ws"), null, List.of()), FrontDoorConfig.defaults(0), dir.resolve("relay"));
                 WsTestClient client = WsTestClient.connect(relay.port(), null)) {
                assertThat(head(relay.port(), "trades.BTC-USDT")).as("the upstream's head").isEqualTo(head);
                JsonNode before = get(relay.port(), "/events/trades.BTC-USDT?since=3").path("events");
                assertThat(before.get(0).path("topic").asText()).as("older than the relay: a gap").isEqualTo("gap");
                assertThat(before).hasSize(1);
                client.send(resume(new Cursor(epoch, head)));
                assertThat(client.await(ServerMessage.Subscribed.class).recovered()).as("at the head").isTrue();
                venue.trade(10);
                assertThat(client.awaitEvent("market.trade").seq()).isEqualTo(head + 1);
            }
        }
    }

    @Test
    void anUpstreamThatStartsAfreshIsFollowedIntoItsNewEpoch() throws Exception {
        try (TestVenue first = new TestVenue(dir.resolve("first"));
             TestVenue second = new TestVenue(dir.resolve("second"));
             ChaosProxy proxy = new ChaosProxy(first.port());
             RelayNode relay = RelayNode.follow(FollowConfig.of(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"),
                     null, List.of()), FrontDoorConfig.defaults(0), dir.resolve("relay"))) {
            for (int i = 0; i < 20; i++) {
                first.trade(i);
            }
            first.barrier();
            String oldEpoch = first.server().core().journal().epoch();
            long oldHead = first.head("trades.BTC-USDT");
            await().atMost(Duration.ofSeconds(30)).until(() -> head(relay.port(), "trades.BTC-USDT")
                    == first.head("trades.BTC-USDT"));
            assertThat(relay.hub().epoch()).isEqualTo(oldEpoch);
            // The upstream is replaced by one whose journal started afresh: another epoch.
            proxy.target(second.port());
            proxy.cutAll();
            for (int i = 0; i < 30; i++) {
                second.trade(i);
            }
            second.barrier();
            String newEpoch = second.server().core().journal().epoch();
            try {
                await("the relay in the new epoch").atMost(Duration.ofSeconds(60)).until(() ->
                        relay.hub().epoch().equals(newEpoch)
                        && head(relay.port(), "trades.BTC-USDT") == second.head("trades.BTC-USDT")
                        && head(relay.port(), "book.BTC-USDT") == second.head("book.BTC-USDT"));
            } catch (RuntimeException e) {
                throw new AssertionError("relay " + relay.hub().epoch() + " trades " + head(relay.port(),
                        "trades.BTC-USDT") + " book " + head(relay.port(), "book.BTC-USDT") + "; upstream "
                        + newEpoch + " " + second.head("trades.BTC-USDT") + " " + second.head("book.BTC-USDT"), e);
            }
            for (int i = 30; i < 50; i++) {
                second.trade(i);
            }
            second.barrier();
            await("the new epoch's events on the relay").atMost(Duration.ofSeconds(30)).until(() ->
                    head(relay.port(), "trades.BTC-USDT") == second.head("trades.BTC-USDT"));
            assertRelayHoldsTheUpstreamsEvents(relay.port(), second.port());
            try (WsTestClient stale = WsTestClient.connect(relay.port(), null)) {
                stale.send(resume(new Cursor(oldEpoch, 5)));
                ServerMessage.Subscribed subscribed = stale.await(ServerMessage.Subscribed.class);
                assertThat(subscribed.recovered()).isFalse();
                assertThat(stale.await(ServerMessage.Gap.class).reason().wire()).isEqualTo("epoch_changed");
                assertThat(stale.seen()).as("the old epoch's trades after the cursor, which the relay kept, first")
                        .filteredOn(m -> m instanceof StreamEvent e && e.epoch().equals(oldEpoch))
                        .extracting(m -> ((StreamEvent) m).seq())
                        .containsExactlyElementsOf(LongStream.rangeClosed(6, oldHead).boxed().toList());
            }
            JsonNode older = get(relay.port(), "/events/trades.BTC-USDT?since=5&limit=1000&epoch=" + oldEpoch)
                    .path("events");
            int rest = (int) oldHead - 5;
            assertThat(older.get(0).path("cursor").asLong()).as("a poller of the old epoch goes on there").isEqualTo(6);
            assertThat(older.get(rest - 1).path("cursor").asLong()).isEqualTo(oldHead);
            assertThat(older.get(rest).path("payload").path("reason").asText()).as("then into the new one")
                    .isEqualTo("epoch_changed");
            assertThat(older.get(rest).path("reset_epoch").asText()).isEqualTo(newEpoch);
        }
    }

    private static String resume(Cursor cursor) {
        return "{\"type\":\"subscribe\",\"id\":2,\"topic\":\"trades.BTC-USDT\",\"since\":{\"epoch\":\""
                + cursor.epoch() + "\",\"seq\":" + cursor.seq() + "}}";
    }
}
