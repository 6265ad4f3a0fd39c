package io.tickwire.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.Update;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import io.tickwire.relay.node.RelayNode;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.ws.WsTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pollers and subscribers of a capture across its epochs: the upstream is cut between two polls,
 * several times, and a poller that lags behind (small pages, one per connection) still ends with
 * every frame the feed sent while connected, once and in order, each epoch entered through its
 * {@code feed.gap}; a WebSocket client resuming from a cursor of the first epoch gets the same.
 */
class CaptureEpochsTest {
    private static final String TOPIC = "btcusdt@trade";
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

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String frame(int n) {
        return "{\"stream\":\"" + TOPIC + "\",\"data\":{\"e\":\"trade\",\"n\":" + n + "}}";
    }

    /** A poller that keeps the last entry's cursor and epoch, as docs/relay.md tells one to. */
    private final class Poller {
        long cursor;
        String epoch;
        final List<JsonNode> frames = new ArrayList<>();
        final List<String> epochsEntered = new ArrayList<>();

        /** One poll; the number of entries it got. */
        int poll(RelayNode relay, int limit) throws Exception {
            JsonNode page = get(relay, "/events/" + TOPIC + "?since=" + cursor + "&limit=" + limit
                    + (epoch == null ? "" : "&epoch=" + epoch));
            for (JsonNode e : page.path("events")) {
                String entryEpoch = e.path("reset_epoch").asText();
                assertThat(e.path("payload").path("epoch").asText()).as("each event in its own epoch")
                        .isEqualTo(entryEpoch);
                if (e.path("topic").asText().equals("gap")) {
                    assertThat(e.path("payload").path("type").asText()).as("no synthetic gap: " + e)
                            .isEqualTo("feed.gap");
                    assertThat(e.path("cursor").asLong()).as("an epoch starts with its feed.gap").isEqualTo(1);
                    assertThat(entryEpoch).isNotEqualTo(epoch);
                    epochsEntered.add(entryEpoch);
                } else {
                    assertThat((epoch == null || entryEpoch.equals(epoch)) && e.path("cursor").asLong() == cursor + 1)
                            .as("dense after (" + epoch + ", " + cursor + "): " + e).isTrue();
                    frames.add(e.path("payload").path("data"));
                }
                cursor = e.path("cursor").asLong();
                epoch = entryEpoch;
            }
            return page.path("events").size();
        }
    }

    @Test
    void aLaggingPollerAndAResumingSubscriberGetEveryFrameAcrossCutsOnceAndInOrder() throws Exception {
        Path file = dir.resolve("feed.yaml");
        try (FakeFeed feed = new FakeFeed()) {
            Files.writeString(file, """
                    url: %s
                    topic:
                      pointer: /stream
                    reconnect:
                      initial: 20ms
                      max: 200ms
                    """.formatted(feed.url()));
            CaptureConfig config = CaptureConfig.load(file);
            int cuts = 4;
            List<JsonNode> sent = new ArrayList<>();
            List<String> epochs = new ArrayList<>();
            Poller poller = new Poller();
            String resumeEpoch = null;
            long resumeSeq = 0;
            List<JsonNode> sdkFrames = new CopyOnWriteArrayList<>();
            List<Update.Gap> sdkGaps = new CopyOnWriteArrayList<>();
            try (RelayNode relay = RelayNode.capture(config, FrontDoorConfig.defaults(0), dir.resolve("data"));
                 TickwireClient sdk = TickwireClient.builder().uri(URI.create("ws://127.0.0.1:" + relay.port()
                         + "/ws")).build()) {
                int n = 0;
                Channel upstream = null;
                for (int connection = 0; connection <= cuts; connection++) {
                    upstream = feed.awaitConnection();
                    if (connection > 0) {
                        String before = epochs.get(epochs.size() - 1);
                        await("the next epoch").atMost(Duration.ofSeconds(10)).until(() ->
                                !get(relay, "/events/_status").path("reset_epoch").asText().equals(before));
                    }
                    String epoch = get(relay, "/events/_status").path("reset_epoch").asText();
                    epochs.add(epoch);
                    int frames = 30 + random.nextInt(60);
                    if (connection == 0) {
                        // The SDK subscribes live once the topic exists, after the first frame, and stays
                        // connected to the relay through every cut upstream.
                        String first = frame(n++);
                        sent.add(JSON.readTree(first));
                        FakeFeed.send(upstream, first);
                        await().atMost(Duration.ofSeconds(20)).until(() -> get(relay, "/events/" + TOPIC
                                + "?since=0&limit=1").path("head_seq").asLong() == 1);
                        var subscription = sdk.subscribe(Topic.feed(TOPIC), u -> {
                            if (u instanceof Update.Event e && e.data() instanceof EventPayload.FeedMessage m) {
                                sdkFrames.add(readTree(m.dataJson()));
                            } else if (u instanceof Update.Gap g) {
                                sdkGaps.add(g);
                            }
                        });
                        sdk.connect().get(30, TimeUnit.SECONDS);
                        subscription.ready().get(30, TimeUnit.SECONDS);
                        frames--;
                    }
                    for (int i = 0; i < frames; i++) {
                        String text = frame(n++);
                        sent.add(JSON.readTree(text));
                        FakeFeed.send(upstream, text);
                    }
                    long head = frames + 1; // the feed.gap first, or in the first epoch the SDK's first frame
                    await("all of this connection's frames journaled").atMost(Duration.ofSeconds(20)).until(() ->
                            get(relay, "/events/" + TOPIC + "?since=0&limit=1").path("head_seq").asLong() == head);
                    // One short poll between two cuts: the poller falls further behind each time.
                    poller.poll(relay, 1 + random.nextInt(25));
                    if (connection == 0) {
                        resumeEpoch = epoch;
                        resumeSeq = 1 + random.nextInt(frames - 1);
                    }
                    if (connection < cuts) {
                        FakeFeed.cut(upstream);
                    }
                }
                assertThat(epochs).as("one epoch per connection").doesNotHaveDuplicates().hasSize(cuts + 1);

                while (poller.poll(relay, 1 + random.nextInt(40)) > 0) {
                    // polls until up to date
                }
                assertThat(poller.frames).as("every frame the feed sent while connected, once, in order")
                        .containsExactlyElementsOf(sent);
                assertThat(poller.epochsEntered).as("every later epoch entered through its feed.gap")
                        .containsExactlyElementsOf(epochs.subList(1, epochs.size()));
                assertThat(poller.epoch).isEqualTo(epochs.get(cuts));
                await("the SDK's live subscriber has every frame after the first").atMost(Duration.ofSeconds(20))
                        .until(() -> sdkFrames.size() >= sent.size() - 1);
                assertThat(sdkFrames).as("the SDK goes from epoch to epoch through each feed.gap, losing nothing")
                        .containsExactlyElementsOf(sent.subList(1, sent.size()));
                assertThat(sdkGaps).isEmpty();

                // A WebSocket client resumes from a cursor of the first epoch: the rest of it, every
                // later epoch from its feed.gap, then live.
                try (WsTestClient client = WsTestClient.connect(relay.port(), null)) {
                    client.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"" + TOPIC + "\",\"since\":{\"epoch\":\""
                            + resumeEpoch + "\",\"seq\":" + resumeSeq + "}}");
                    ServerMessage.Subscribed subscribed = client.await(ServerMessage.Subscribed.class);
                    assertThat(subscribed.recovered()).as("nothing lost: recovered").isTrue();
                    assertThat(subscribed.epoch()).isEqualTo(epochs.get(cuts));
                    String live = frame(n++);
                    sent.add(JSON.readTree(live));
                    FakeFeed.send(upstream, live);
                    List<JsonNode> got = new ArrayList<>();
                    List<String> entered = new ArrayList<>();
                    String epoch = resumeEpoch;
                    long seq = resumeSeq;
                    while (got.size() < sent.size() - resumeSeq) {
                        ServerMessage m = client.await(x -> x instanceof StreamEvent || x instanceof ServerMessage.Gap);
                        assertThat(m).as("no gap message").isInstanceOf(StreamEvent.class);
                        StreamEvent e = (StreamEvent) m;
                        if (e.data() instanceof EventPayload.FeedGap) {
                            assertThat(e.seq()).isEqualTo(1);
                            entered.add(e.epoch());
                        } else {
                            assertThat(e.epoch().equals(epoch) && e.seq() == seq + 1)
                                    .as("dense after (" + epoch + ", " + seq + "): " + e).isTrue();
                            got.add(JSON.readTree(((EventPayload.FeedMessage) e.data()).dataJson()));
                        }
                        epoch = e.epoch();
                        seq = e.seq();
                    }
                    assertThat(got).as("every frame after the cursor, once, in order, then live")
                            .containsExactlyElementsOf(sent.subList((int) resumeSeq, sent.size()));
                    assertThat(entered).containsExactlyElementsOf(epochs.subList(1, epochs.size()));
                }
            }
        }
    }
}
