package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.server.TestVenue;
import io.tickwire.testkit.net.ChaosProxy;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protocol 1.1's venue features end to end, on a real server: the dead man's switch (fired, held
 * off by a re-arm, fired after a restart), cancel on disconnect (a TCP cut, a shutdown), ticker and
 * candles (live, over REST, after a restart), and REST batch entry and order history.
 */
class VenueFeaturesEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    TestVenue venue;
    HttpClient http = HttpClient.newHttpClient();
    final List<WsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        venue = new TestVenue(dir);
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        venue.close();
    }

    private WsTestClient connect(int port, long user) throws Exception {
        WsTestClient client = WsTestClient.connect(port, venue.token(user));
        clients.add(client);
        client.await(ServerMessage.AuthOk.class);
        return client;
    }

    private static String place(long id, String side, String price, String clientId) {
        return "{\"type\":\"order.place\",\"id\":" + id + ",\"market\":\"BTC-USDT\",\"side\":\"" + side
                + "\",\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"" + price + "\",\"qty\":\"0.001\","
                + "\"client_order_id\":\"" + clientId + "\"}";
    }

    private static ServerMessage.Receipt receipt(WsTestClient client, long id) throws InterruptedException {
        return client.await(m -> m instanceof ServerMessage.Receipt r && r.id() != null && r.id() == id);
    }

    private HttpResponse<String> get(String path, long user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(venue.rest() + path))
                .header("Authorization", "Bearer " + venue.token(user)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, long user, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(venue.rest() + path))
                .header("Authorization", "Bearer " + venue.token(user))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The user's order with that client id, as REST shows it. */
    private JsonNode order(long user, String clientId) throws Exception {
        JsonNode list = JSON.readTree(get("/api/v1/orders?client_order_id=" + clientId, user).body());
        assertThat(list.size()).as(clientId).isEqualTo(1);
        return list.get(0);
    }

    private boolean canceledFor(long user, String clientId, CancelReason reason) throws Exception {
        JsonNode o = order(user, clientId);
        return o.get("status").asText().equals(OrderStatus.CANCELED.name())
                && reason.wire().equals(o.path("cancel_reason").asText());
    }

    @Test
    void theDeadMansSwitchFiresWithoutAReArmNotWithOneAndAfterARestartThatHappenedWhileArmed() throws Exception {
        WsTestClient client = connect(venue.port(), TestVenue.BUYER);
        client.send(place(1, "buy", "40000.00", "dms-1"));
        assertThat(receipt(client, 1).rejectCode()).isNull();
        client.send("{\"type\":\"order.cancel_all_after\",\"id\":2,\"timeout_ms\":1000}");
        ServerMessage.CancelAllAfter first = client.await(ServerMessage.CancelAllAfter.class);
        assertThat(first.id()).isEqualTo(2L);
        assertThat(first.triggerAt()).isGreaterThan(System.currentTimeMillis() - 1000);
        client.send("{\"type\":\"order.cancel_all_after\",\"id\":3,\"timeout_ms\":60000}");
        ServerMessage.CancelAllAfter reArmed = client.await(m -> m instanceof ServerMessage.CancelAllAfter a
                && a.id() == 3L);
        assertThat(reArmed.triggerAt()).isGreaterThan(first.triggerAt());
        // The first arming's time passes: the re-arm holds the switch off.
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > first.triggerAt() + 500);
        venue.barrier();
        assertThat(order(TestVenue.BUYER, "dms-1").get("status").asText()).isEqualTo("NEW");

        client.send("{\"type\":\"order.cancel_all_after\",\"id\":4,\"timeout_ms\":1000}");
        await().atMost(WAIT).until(() -> canceledFor(TestVenue.BUYER, "dms-1", CancelReason.DEAD_MAN_SWITCH));

        client.send(place(5, "buy", "40000.00", "dms-2"));
        assertThat(receipt(client, 5).rejectCode()).isNull();
        client.send("{\"type\":\"order.cancel_all_after\",\"id\":6,\"timeout_ms\":10000}");
        ServerMessage.CancelAllAfter armed = client.await(m -> m instanceof ServerMessage.CancelAllAfter a
                && a.id() == 6L);
        venue.restart();
        assertThat(System.currentTimeMillis()).as("restarted while armed").isLessThan(armed.triggerAt());
        assertThat(order(TestVenue.BUYER, "dms-2").get("status").asText()).isEqualTo("NEW");
        await().atMost(WAIT).until(() -> canceledFor(TestVenue.BUYER, "dms-2", CancelReason.DEAD_MAN_SWITCH));
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(armed.triggerAt());
    }

    @Test
    void cancelOnDisconnectCancelsOnlyThisConnectionsOrdersUnderATcpCutAndUnderAShutdown() throws Exception {
        try (ChaosProxy proxy = new ChaosProxy(venue.port())) {
            WsTestClient viaProxy = connect(proxy.port(), TestVenue.BUYER);
            WsTestClient other = connect(venue.port(), TestVenue.BUYER);
            viaProxy.send("{\"type\":\"session.cancel_on_disconnect\",\"id\":1,\"enabled\":true}");
            assertThat(viaProxy.<ServerMessage.CancelOnDisconnect>await(ServerMessage.CancelOnDisconnect.class)
                    .enabled()).isTrue();
            viaProxy.send(place(2, "buy", "40000.00", "cod-a1"));
            viaProxy.send("{\"type\":\"order.batch\",\"id\":3,\"orders\":[{\"market\":\"BTC-USDT\",\"side\":\"buy\","
                    + "\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"40001.00\",\"qty\":\"0.001\","
                    + "\"client_order_id\":\"cod-a2\"},{\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":"
                    + "\"limit\",\"tif\":\"gtc\",\"price\":\"40002.00\",\"qty\":\"0.001\",\"client_order_id\":"
                    + "\"cod-a3\"}]}");
            other.send(place(4, "buy", "40000.00", "cod-b1"));
            assertThat(receipt(viaProxy, 2).rejectCode()).isNull();
            assertThat(receipt(viaProxy, 3).results()).hasSize(2).allMatch(r -> r.rejectCode() == null);
            assertThat(receipt(other, 4).rejectCode()).isNull();

            proxy.cutAll();
            for (String id : List.of("cod-a1", "cod-a2", "cod-a3")) {
                await(id).atMost(WAIT).until(() -> canceledFor(TestVenue.BUYER, id, CancelReason.DISCONNECT));
            }
            venue.barrier();
            assertThat(order(TestVenue.BUYER, "cod-b1").get("status").asText()).as("another connection's")
                    .isEqualTo("NEW");
        }

        WsTestClient direct = connect(venue.port(), TestVenue.BUYER);
        direct.send("{\"type\":\"session.cancel_on_disconnect\",\"id\":1,\"enabled\":true}");
        direct.await(ServerMessage.CancelOnDisconnect.class);
        direct.send(place(2, "buy", "40000.00", "cod-c1"));
        assertThat(receipt(direct, 2).rejectCode()).isNull();
        venue.restart();
        assertThat(canceledFor(TestVenue.BUYER, "cod-c1", CancelReason.DISCONNECT))
                .as("canceled by the shutdown, before the core closed").isTrue();
        assertThat(order(TestVenue.BUYER, "cod-b1").get("status").asText()).isEqualTo("NEW");
    }

    @Test
    void tickerAndCandlesFollowTheTradesAndSurviveARestart() throws Exception {
        WsTestClient client = connect(venue.port(), TestVenue.BUYER);
        client.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"ticker.BTC-USDT\"}");
        client.send("{\"type\":\"subscribe\",\"id\":2,\"topic\":\"candles.BTC-USDT.1m\"}");
        client.await(m -> m instanceof ServerMessage.Subscribed s && s.id() == 2L);
        for (int i = 0; i < 3; i++) {
            venue.trade(i);
        }
        venue.barrier();
        EventPayload.Ticker ticker = client.<StreamEvent>await(m -> m instanceof StreamEvent e
                && e.data() instanceof EventPayload.Ticker t && t.trades24h() == 3).data() instanceof
                EventPayload.Ticker t ? t : null;
        assertThat(ticker.volume24h()).hasToString("0.00300000");
        assertThat(ticker.last()).isNotNull();
        client.await(m -> m instanceof StreamEvent e && e.data() instanceof EventPayload.Candle c
                && c.trades() + (c.closed() ? 100 : 0) >= 1);

        // The rate bound holds the last trades back a moment; then REST and the stream agree.
        await().atMost(WAIT).until(() -> candleTrades(candles()) == 3);
        JsonNode before = candles();
        venue.restart();
        JsonNode after = candles();
        assertThat(without(after, "closed")).as("candles survive a restart").isEqualTo(without(before, "closed"));

        WsTestClient again = connect(venue.port(), TestVenue.BUYER);
        again.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"ticker.BTC-USDT\"}");
        StreamEvent first = again.await(m -> m instanceof StreamEvent);
        assertThat(first.data()).as("the current ticker first").isInstanceOfSatisfying(EventPayload.Ticker.class,
                t -> assertThat(t.trades24h()).isEqualTo(3));

        assertThat(get("/api/v1/candles/BTC-USDT?interval=2m", TestVenue.BUYER).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/candles/NOPE-USDT?interval=1m", TestVenue.BUYER).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/candles/BTC-USDT?interval=1m&limit=1001", TestVenue.BUYER).statusCode())
                .isEqualTo(400);
    }

    private JsonNode candles() throws Exception {
        return JSON.readTree(get("/api/v1/candles/BTC-USDT?interval=1m", TestVenue.BUYER).body());
    }

    private static long candleTrades(JsonNode candles) {
        long trades = 0;
        for (JsonNode candle : candles) {
            trades += candle.get("trades").asLong();
        }
        return trades;
    }

    private static List<JsonNode> without(JsonNode candles, String field) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode candle : candles) {
            out.add(((ObjectNode) candle.deepCopy()).without(field));
        }
        return out;
    }

    @Test
    void restTakesBatchesAndPagesThroughTheOrderHistoryNewestFirst() throws Exception {
        String order = "{\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"gtc\","
                + "\"price\":\"40000.00\",\"qty\":\"0.001\"";
        HttpResponse<String> batch = post("/api/v1/orders/batch", TestVenue.BUYER, "{\"orders\":[" + order
                + ",\"client_order_id\":\"h-1\"}," + order + ",\"client_order_id\":\"h-2\"}," + order
                + ",\"client_order_id\":\"h-1\"}]}");
        assertThat(batch.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(batch.body()).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(2).get("code").asText()).isEqualTo("duplicate_client_order_id");
        HttpResponse<String> malformed = post("/api/v1/orders/batch", TestVenue.BUYER, "{\"orders\":[" + order
                + "},{\"market\":\"BTC-USDT\"}]}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).get("field").asText()).isEqualTo("orders[1].side");

        long h1 = order(TestVenue.BUYER, "h-1").get("order_id").asLong();
        http.send(HttpRequest.newBuilder(URI.create(venue.rest() + "/api/v1/orders/" + h1))
                .header("Authorization", "Bearer " + venue.token(TestVenue.BUYER)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode page1 = JSON.readTree(get("/api/v1/orders?status=all&limit=1", TestVenue.BUYER).body());
        assertThat(page1.get("orders")).hasSize(1);
        assertThat(page1.get("orders").get(0).get("client_order_id").asText()).isEqualTo("h-2");
        JsonNode page2 = JSON.readTree(get("/api/v1/orders?status=all&limit=1&cursor="
                + page1.get("next_cursor").asText(), TestVenue.BUYER).body());
        assertThat(page2.get("orders").get(0).get("client_order_id").asText()).isEqualTo("h-1");
        assertThat(page2.get("orders").get(0).get("status").asText()).isEqualTo("CANCELED");
        JsonNode closed = JSON.readTree(get("/api/v1/orders?status=closed&market=BTC-USDT", TestVenue.BUYER)
                .body());
        assertThat(closed.get("orders")).extracting(o -> o.get("client_order_id").asText()).containsExactly("h-1");
        assertThat(closed.get("next_cursor").isNull()).isTrue();
        assertThat(get("/api/v1/orders?status=sideways", TestVenue.BUYER).statusCode()).isEqualTo(400);
    }
}
