package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.testkit.process.KillableChild;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server during traffic, then restart on the same data, five times. The
 * client resumes each topic with its cursor; in the end, the book and account events it holds
 * are exactly the server's durable history after its first snapshot (nothing lost, nothing
 * repeated), and its balances equal the server's.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class ServerCrashTest {
    private static final JsonCodec CODEC = new JsonCodec();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOPICS = {"book.BTC-USDT", "account"};

    @TempDir
    Path dir;

    private final Map<String, Long> cursor = new HashMap<>();
    private final Map<String, Long> firstSnapshot = new HashMap<>();
    private final Map<String, List<String>> seen = new HashMap<>();
    private final TreeMap<String, String> balances = new TreeMap<>();
    private String epoch;

    @Test
    void clientsResumeAcrossKillsWithNothingLostOrRepeated() throws Exception {
        Random random = new Random(5);
        for (int round = 0; round <= 5; round++) {
            try (KillableChild child = KillableChild.start(ServerCrashChild.class, dir.toString())) {
                round(child, round, random);
            }
            if (round == 5) {
                return;
            }
        }
    }

    private void round(KillableChild child, int round, Random random) throws Exception {
        {
            int port = Integer.parseInt(child.awaitLine("port ", Duration.ofSeconds(60)));
            String token = child.awaitLine("token ", Duration.ofSeconds(10));
            WsTestClient client = WsTestClient.connect(port, token);
            client.await(ServerMessage.AuthOk.class);
            for (String topic : TOPICS) {
                Long since = cursor.get(topic);
                client.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\""
                        + (since == null ? "" : ",\"since\":{\"epoch\":\"" + epoch + "\",\"seq\":" + since + "}")
                                + "}");
                ServerMessage.Subscribed subscribed = client.await(m -> m instanceof ServerMessage.Subscribed s
                        && s.topic().name().equals(topic));
                if (since != null) {
                    assertThat(subscribed.recovered()).as(topic + " resumes in round " + round).isTrue();
                    assertThat(subscribed.epoch()).isEqualTo(epoch);
                }
                epoch = subscribed.epoch();
            }
            if (round == 5) {
                // Last round: no traffic, no kill; take what is left and compare with the server.
                drain(client, 1500);
                verifyAgainstServer(port, token);
                client.close();
                child.kill();
                return;
            }
            AtomicBoolean trading = new AtomicBoolean(true);
            Thread trader = new Thread(() -> {
                int i = 0;
                while (trading.get()) {
                    boolean buy = i++ % 2 == 0;
                    try {
                        client.send("{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"" + (buy ? "buy"
                                : "sell")
                                + "\",\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"" + (84990 + i % 20)
                                + ".00\",\"qty\":\"0.001\"}");
                        Thread.sleep(2);
                    } catch (Exception e) {
                        return; // the server died
                    }
                }
            });
            trader.start();
            long killAt = System.currentTimeMillis() + 300 + random.nextInt(700);
            drain(client, 0, killAt);
            child.kill();
            trading.set(false);
            client.close(); // unblocks a send stuck on the dead connection
            trader.join(5000);
            drain(client, 300);
        }
    }

    /** Applies every message already received (waiting up to {@code quietMs} for more). */
    private void drain(WsTestClient client, long quietMs) throws InterruptedException {
        drain(client, quietMs, Long.MAX_VALUE);
    }

    /** As {@link #drain(WsTestClient, long)}, but stops at {@code untilMillis} even while messages keep coming. */
    private void drain(WsTestClient client, long quietMs, long untilMillis) throws InterruptedException {
        while (System.currentTimeMillis() < untilMillis || untilMillis == Long.MAX_VALUE) {
            ServerMessage m = client.next(Math.max(quietMs, 20));
            if (m == null) {
                return;
            }
            if (!(m instanceof StreamEvent e)) {
                continue;
            }
            String topic = e.topic().name();
            if (e.data() instanceof EventPayload.BookSnapshot || e.data() instanceof EventPayload.AccountSnapshot) {
                assertThat(cursor).as("a snapshot only on the first subscription").doesNotContainKey(topic);
                firstSnapshot.put(topic, e.seq());
                cursor.put(topic, e.seq());
                if (e.data() instanceof EventPayload.AccountSnapshot snapshot) {
                    snapshot.balances().forEach(b -> balances.put(b.asset(), b.avail() + "/" + b.frozen()));
                }
                continue;
            }
            long expected = cursor.get(topic) + 1;
            assertThat(e.seq()).as(topic + ": dense, no repeat").isEqualTo(expected);
            cursor.put(topic, e.seq());
            seen.computeIfAbsent(topic, k -> new ArrayList<>()).add(e.seq() + " "
                    + new String(CODEC.encodeData(e.data())));
            if (e.data() instanceof EventPayload.BalanceUpdate update) {
                balances.put(update.balance().asset(), update.balance().avail() + "/" + update.balance().frozen());
            }
        }
    }

    private void verifyAgainstServer(int port, String token) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String topic : TOPICS) {
            List<String> server = new ArrayList<>();
            long since = firstSnapshot.get(topic);
            while (true) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/" + topic
                        + "?since=" + since + "&limit=1000")).header("Authorization", "Bearer " + token).build();
                JsonNode page = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                JsonNode events = page.get("events");
                for (JsonNode e : events) {
                    assertThat(e.get("topic").asText()).isNotEqualTo("gap");
                    server.add(e.get("cursor").asLong() + " " + JSON.writeValueAsString(e.get("payload").get("data")));
                    since = e.get("cursor").asLong();
                }
                if (events.isEmpty() || since >= page.get("head_seq").asLong()) {
                    break;
                }
            }
            List<String> client = seen.getOrDefault(topic, List.of());
            assertThat(client).as(topic + ": the client holds exactly the durable history").hasSize(server.size());
            System.out.printf("%s: %d events compared%n", topic, server.size());
            for (int i = 0; i < server.size(); i++) {
                assertThat(JSON.readTree(client.get(i).substring(client.get(i).indexOf(' ') + 1)))
                        .isEqualTo(JSON.readTree(server.get(i).substring(server.get(i).indexOf(' ') + 1)));
                assertThat(client.get(i).substring(0, client.get(i).indexOf(' ')))
                        .isEqualTo(server.get(i).substring(0, server.get(i).indexOf(' ')));
            }
            assertThat(server.size()).as(topic + " saw traffic").isGreaterThan(20);
        }
        JsonNode restBalances = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/balances")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        TreeMap<String, String> rest = new TreeMap<>();
        restBalances.forEach(b -> rest.put(b.get("asset").asText(), b.get("avail").asText() + "/"
                + b.get("frozen").asText()));
        assertThat(balances).as("balances from the pushes equal the server's").isEqualTo(rest);
    }
}
