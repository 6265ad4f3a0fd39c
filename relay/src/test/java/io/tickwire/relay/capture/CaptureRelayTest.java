package io.tickwire.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.FeedGapReason;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.relay.node.RelayNode;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture relay against a fake upstream that sends Binance-shaped combined-stream frames and is
 * cut at random moments: every frame sent while connected is captured once and in order, each
 * cut is a new epoch whose topics start with {@code feed.gap}, a cursor read returns exactly what
 * follows it, bad frames are rejected and counted, and a restart's gap says {@code process_restart}.
 */
class CaptureRelayTest {
    private static final String[] TOPICS = {"btcusdt@trade", "ethusdt@depth@100ms"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random(Long.getLong("tickwire.test.seed", System.nanoTime()));

    private JsonNode get(RelayNode relay, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + relay.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Every event of {@code topic} in the relay's current epoch, page by page. */
    private List<JsonNode> events(RelayNode relay, String topic, long since) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        long cursor = since;
        while (true) {
            JsonNode page = get(relay, "/events/" + topic + "?since=" + cursor + "&limit=1000");
            if (page.path("events").isEmpty()) {
                return all;
            }
            page.path("events").forEach(all::add);
            cursor = all.get(all.size() - 1).path("cursor").asLong();
        }
    }

    private static String frame(String topic, int n) {
        return "{\"stream\":\"" + topic + "\",\"data\":{\"e\":\"trade\",\"n\":" + n + ",\"p\":\"85000.0" + n % 10
                + "\"}}";
    }

    private Path captureFile(String url) throws Exception {
        Path file = dir.resolve("feed.yaml");
        Files.writeString(file, """
                url: %s
                headers:
                  X-Api-Key: k-123
                subscribe:
                  - {"method": "SUBSCRIBE", "params": ["btcusdt@trade", "ethusdt@depth@100ms"], "id": 1}
                topic:
                  pointer: /stream
                ping:
                  message: {"method": "ping"}
                  interval: 1s
                idle_timeout: 30s
                reconnect:
                  initial: 20ms
                  max: 200ms
                max_frame_bytes: 4KiB
                rejected_per_minute: 100
                """.formatted(url));
        return file;
    }

    @Test
    void capturesEveryFrameOnceAndInOrderWithAGapAtEveryCutAndRestart() throws Exception {
        try (FakeFeed feed = new FakeFeed()) {
            CaptureConfig config = CaptureConfig.load(captureFile(feed.url()));
            Path data = dir.resolve("data");
            String lastEpoch;
            int cuts = 3;
            try (RelayNode relay = RelayNode.capture(config, FrontDoorConfig.defaults(0), data);
                 WsTestClient live = WsTestClient.connect(relay.port(), null)) {
                String previousEpoch = null;
                int n = 0;
                for (int connection = 0; connection <= cuts; connection++) {
                    Channel upstream = feed.awaitConnection();
                    long subscribes = connection + 1;
                    await("the relay subscribes after every connect").atMost(Duration.ofSeconds(10)).until(
                            () -> feed.received.stream().filter(f -> f.contains("SUBSCRIBE")).count() >= subscribes);
                    List<List<String>> sent = List.of(new ArrayList<>(), new ArrayList<>());
                    int frames = 20 + random.nextInt(200);
                    for (int i = 0; i < frames; i++) {
                        int t = random.nextInt(2);
                        String text = frame(TOPICS[t], n++);
                        sent.get(t).add(text);
                        FakeFeed.send(upstream, text);
                    }
                    FakeFeed.send(upstream, "not json at all");
                    FakeFeed.send(upstream, "{\"stream\":\"" + TOPICS[0] + "\"} and more");
                    FakeFeed.send(upstream, "{\"result\":null,\"id\":1}");
                    FakeFeed.send(upstream, "{\"stream\":\"x\",\"pad\":\"" + "y".repeat(5000) + "\"}");
                    String tail = frame(TOPICS[0], n++);
                    sent.get(0).add(tail);
                    FakeFeed.send(upstream, tail);

                    if (previousEpoch != null) {
                        long next = Long.parseLong(previousEpoch) + 1;
                        await("reset_epoch increments").atMost(Duration.ofSeconds(10)).until(() -> Long.parseLong(
                                get(relay, "/events/_status").path("reset_epoch").asText()) == next);
                    }
                    String epoch = get(relay, "/events/_status").path("reset_epoch").asText();
                    for (int t = 0; t < 2; t++) {
                        String topic = TOPICS[t];
                        int expected = sent.get(t).size() + (connection > 0 ? 1 : 0);
                        await().atMost(Duration.ofSeconds(20)).until(() -> get(relay, "/events/" + topic
                                + "?since=0&limit=1").path("head_seq").asLong() >= expected);
                        List<JsonNode> got = events(relay, topic, 0);
                        int offset = 0;
                        if (connection > 0) {
                            JsonNode gap = got.get(0);
                            assertThat(gap.path("topic").asText()).isEqualTo("gap");
                            assertThat(gap.path("cursor").asLong()).isEqualTo(1);
                            assertThat(gap.path("payload").path("type").asText()).isEqualTo("feed.gap");
                            assertThat(gap.path("payload").path("data").path("reason").asText())
                                    .isEqualTo("reconnected_after_disconnect");
                            assertThat(gap.path("payload").path("data").path("last_message_at").asText()).isNotEmpty();
                            offset = 1;
                        }
                        assertThat(got).as(topic + ": exactly the frames sent, once, in order")
                                .hasSize(sent.get(t).size() + offset);
                        for (int i = 0; i < sent.get(t).size(); i++) {
                            JsonNode e = got.get(i + offset);
                            assertThat(e.path("cursor").asLong()).isEqualTo(i + offset + 1);
                            assertThat(e.path("reset_epoch").asText()).isEqualTo(epoch);
                            assertThat(e.path("payload").path("type").asText()).isEqualTo("feed.message");
                            assertThat(e.path("payload").path("data")).isEqualTo(JSON.readTree(sent.get(t).get(i)));
                        }
                        long since = 1 + random.nextInt(sent.get(t).size());
                        List<JsonNode> after = events(relay, topic, since);
                        assertThat(after).as("since=" + since + " gives exactly what follows it")
                                .extracting(e -> e.path("cursor").asLong())
                                .containsExactlyElementsOf(got.subList((int) since, got.size()).stream()
                                        .map(e -> e.path("cursor").asLong()).toList());
                    }
                    List<JsonNode> rejected = events(relay, "_rejected", 0);
                    assertThat(rejected).extracting(e -> e.path("payload").path("data").path("reason").asText())
                            .containsSubsequence("not_json", "not_json", "no_topic", "too_large");
                    JsonNode status = get(relay, "/events/_status");
                    assertThat(status.path("connected").asBoolean()).isTrue();
                    assertThat(status.path("reconnect_count").asInt()).isEqualTo(connection);
                    assertThat(status.path("buffer_sizes").path(TOPICS[0]).asInt()).isEqualTo(sent.get(0).size()
                            + (connection > 0 ? 1 : 0));
                    assertThat(status.path("last_message_at").asText()).isNotEmpty();
                    if (connection == 0) {
                        live.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"" + TOPICS[0] + "\"}");
                        ServerMessage.Subscribed subscribed = live.await(ServerMessage.Subscribed.class);
                        assertThat(subscribed.seq()).isEqualTo(sent.get(0).size());
                        live.send("{\"type\":\"subscribe\",\"id\":2,\"topic\":\"account\"}");
                        assertThat(live.await(ServerMessage.ErrorMessage.class).code()).as("no accounts on a relay")
                                .isEqualTo("unknown_topic");
                        live.send("{\"type\":\"order.cancel\",\"id\":3,\"order_id\":1}");
                        assertThat(live.await(ServerMessage.ErrorMessage.class).code()).isEqualTo("forbidden");
                    } else {
                        StreamEvent gap = live.awaitEvent("feed.gap");
                        assertThat(gap.epoch()).as("a live subscriber sees the new epoch begin").isEqualTo(epoch);
                        assertThat(gap.seq()).isEqualTo(1);
                        assertThat(((EventPayload.FeedGap) gap.data()).reason())
                                .isEqualTo(FeedGapReason.RECONNECTED_AFTER_DISCONNECT);
                    }
                    previousEpoch = epoch;
                    if (connection < cuts) {
                        FakeFeed.cut(upstream);
                    }
                }
                assertThat(feed.handshakes).allSatisfy(h -> assertThat(h.get("X-Api-Key")).isEqualTo("k-123"));
                await("the capture's ping message").atMost(Duration.ofSeconds(10))
                        .until(() -> feed.received.contains("{\"method\":\"ping\"}"));
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port() + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                HttpResponse<String> order = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + relay.port() + "/api/v1/orders")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(order.statusCode()).as("orders on a relay, before any authentication").isEqualTo(403);
                assertThat(relay.metricsText()).contains("tickwire_relay_rejected_total{reason=\"not_json\"} "
                        + 2 * (cuts + 1)).contains("tickwire_relay_rejected_total{reason=\"too_large\"} " + (cuts + 1))
                        .contains("tickwire_relay_reconnects " + cuts);
                lastEpoch = previousEpoch;
            }
            // A restart: a new epoch, and every topic known starts with a gap saying so.
            try (RelayNode relay = RelayNode.capture(config, FrontDoorConfig.defaults(0), data)) {
                feed.awaitConnection();
                JsonNode status = get(relay, "/events/_status");
                assertThat(Long.parseLong(status.path("reset_epoch").asText()))
                        .isEqualTo(Long.parseLong(lastEpoch) + 1);
                for (String topic : TOPICS) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> !events(relay, topic, 0).isEmpty());
                    JsonNode gap = events(relay, topic, 0).get(0);
                    assertThat(gap.path("topic").asText()).isEqualTo("gap");
                    assertThat(gap.path("payload").path("data").path("reason").asText()).isEqualTo("process_restart");
                }
                JsonNode older = get(relay, "/events/" + TOPICS[0] + "?since=3&epoch=" + lastEpoch);
                assertThat(older.path("events").get(0).path("cursor").asLong())
                        .as("a cursor of an older epoch the relay holds goes on in that epoch").isEqualTo(4);
                assertThat(older.path("events").get(0).path("reset_epoch").asText()).isEqualTo(lastEpoch);
                String unknown = Long.toString(Long.parseLong(lastEpoch) + 9);
                JsonNode stale = get(relay, "/events/" + TOPICS[0] + "?since=3&epoch=" + unknown);
                assertThat(stale.path("events").get(0).path("payload").path("reason").asText())
                        .as("a cursor of an epoch the relay cannot place gets a gap, then the new epoch from its start")
                        .isEqualTo("epoch_changed");
                assertThat(stale.path("events").get(1).path("cursor").asLong()).isEqualTo(1);
            }
        }
    }

    @Test
    void aRecorderThatCannotGoOnSaysSoAndTheRelayKeepsServingWhatItHas() throws Exception {
        try (FakeFeed feed = new FakeFeed()) {
            CaptureConfig config = CaptureConfig.load(captureFile(feed.url()));
            Path data = dir.resolve("data");
            try (RelayNode relay = RelayNode.capture(config, FrontDoorConfig.defaults(0), data)) {
                Channel upstream = feed.awaitConnection();
                FakeFeed.send(upstream, frame(TOPICS[0], 1));
                await().atMost(Duration.ofSeconds(10)).until(() -> !events(relay, TOPICS[0], 0).isEmpty());
                String epoch = get(relay, "/events/_status").path("reset_epoch").asText();
                // The next epoch's journal cannot be made: a file stands where its directory would go.
                Files.writeString(data.resolve("epochs").resolve(Long.toString(Long.parseLong(epoch) + 1)), "x");
                FakeFeed.cut(upstream);
                await("the failure reported").atMost(Duration.ofSeconds(20))
                        .until(() -> !get(relay, "/events/_status").path("connected").asBoolean());
                assertThat(relay.upstream().failure()).contains("capture recorder failed");
                assertThat(events(relay, TOPICS[0], 0)).as("what it captured is still served").hasSize(1);
            }
        }
    }
}
