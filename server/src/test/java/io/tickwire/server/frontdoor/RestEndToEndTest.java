package io.tickwire.server.frontdoor;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.testkit.ws.WsTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The REST API against a real server over real HTTP. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class RestEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TickwireServer server;
    HttpClient http = HttpClient.newHttpClient();
    String alice;
    String bob;
    String admin;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(dir);
        DemoVenue.fundUsersIfNew(server.core());
        alice = server.tokens().issue(1001, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
        bob = server.tokens().issue(1002, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
        admin = server.tokens().issue(0, EnumSet.of(Scope.ADMIN), Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request the JDK client would refuse to send (malformed escapes), over a plain socket. */
    private String rawStatusLine(String requestLine) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((requestLine + "\r\nHost: test\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void ordersOverRestAnswerWithTheirDurableReceipt() throws Exception {
        String order = "{\"market\":\"BTC-USDT\",\"side\":\"sell\",\"order_type\":\"limit\",\"tif\":\"gtc\","
                + "\"price\":\"85000.00\",\"qty\":\"0.5\",\"client_order_id\":\"rest-1\"}";
        JsonNode receipt = ok(call("POST", "/api/v1/orders", alice, order));
        assertThat(receipt.get("status").asText()).isEqualTo("accepted");
        long orderId = receipt.get("order_id").asLong();

        HttpResponse<String> retry = call("POST", "/api/v1/orders", alice, order);
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(retry.body()).get("code").asText()).isEqualTo("duplicate_client_order_id");
        assertThat(JSON.readTree(retry.body()).get("order_id").asLong()).isEqualTo(orderId);

        JsonNode open = ok(call("GET", "/api/v1/orders?status=open", alice, null));
        assertThat(open).hasSize(1);
        assertThat(ok(call("GET", "/api/v1/orders?client_order_id=rest-1", alice,
                null)).get(0).get("order_id").asLong())
                .isEqualTo(orderId);
        JsonNode amended = ok(call("PATCH", "/api/v1/orders/" + orderId, alice, "{\"qty\":\"0.4\"}"));
        assertThat(amended.get("status").asText()).isEqualTo("accepted");
        assertThat(ok(call("GET", "/api/v1/orders/" + orderId, alice, null)).get("qty").asText()).isEqualTo("0.400000");
        assertThat(ok(call("DELETE", "/api/v1/orders/" + orderId, alice,
                null)).get("status").asText()).isEqualTo("accepted");
        assertThat(ok(call("GET", "/api/v1/orders/" + orderId, alice,
                null)).get("status").asText()).isEqualTo("CANCELED");
        assertThat(call("DELETE", "/api/v1/orders/" + orderId, alice, null).statusCode()).isEqualTo(409);
        for (int i = 0; i < 2; i++) {
            ok(call("POST", "/api/v1/orders", alice, "{\"market\":\"BTC-USDT\",\"side\":\"sell\",\"order_type\":"
                    + "\"limit\",\"tif\":\"gtc\",\"price\":\"90000.00\",\"qty\":\"0.1\"}"));
        }
        JsonNode canceledAll = ok(call("DELETE", "/api/v1/orders?market=BTC-USDT", alice, null));
        assertThat(canceledAll.get("status").asText()).isEqualTo("accepted");
        assertThat(canceledAll.get("canceled").asInt()).as("cancel-all's count").isEqualTo(2);
        assertThat(ok(call("GET", "/api/v1/orders?status=open", alice, null))).isEmpty();
        assertThat(call("DELETE", "/api/v1/orders?market=btc", alice, null).statusCode()).isEqualTo(400);
        assertThat(call("DELETE", "/api/v1/orders", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/orders/999999", alice, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/orders/" + orderId, bob, null).statusCode()).as("not bob's").isEqualTo(404);
    }

    @Test
    void rightAfterAPushRestAlreadyShowsTheStateItDescribes() throws Exception {
        try (WsTestClient a = WsTestClient.connect(server.port(), alice);
             WsTestClient b = WsTestClient.connect(server.port(), bob)) {
            a.await(ServerMessage.AuthOk.class);
            b.await(ServerMessage.AuthOk.class);
            a.send("{\"type\":\"subscribe\",\"topic\":\"account\"}");
            a.awaitEvent("account.snapshot");
            a.send("{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"sell\",\"order_type\":\"limit\","
                    + "\"tif\":\"gtc\",\"price\":\"85000.00\",\"qty\":\"0.5\"}");
            a.awaitEvent("order.update");
            for (int i = 0; i < 5; i++) {
                b.send("{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\","
                        + "\"tif\":\"ioc\",\"price\":\"85000.00\",\"qty\":\"0.01\"}");
                StreamEvent push = a.await(m -> m instanceof StreamEvent e
                        && e.data() instanceof EventPayload.BalanceUpdate u
                        && u.balance().asset().equals("USDT"));
                String pushed = ((EventPayload.BalanceUpdate) push.data()).balance().avail().toString();
                JsonNode balances = ok(call("GET", "/api/v1/balances", alice, null));
                String now = null;
                for (JsonNode balance : balances) {
                    if (balance.get("asset").asText().equals("USDT")) {
                        now = balance.get("avail").asText();
                    }
                }
                assertThat(now).as("fill " + i).isEqualTo(pushed);
            }
        }
    }

    @Test
    void publicReadsBookTradesAndEvents() throws Exception {
        JsonNode markets = ok(call("GET", "/api/v1/markets", null, null));
        assertThat(markets).extracting(m -> m.get("market").asText()).containsExactly("BTC-USDT", "ETH-USDT");
        ok(call("POST", "/api/v1/orders", alice, "{\"market\":\"BTC-USDT\",\"side\":\"sell\",\"order_type\":\"limit\","
                + "\"tif\":\"gtc\",\"price\":\"85000.00\",\"qty\":\"1\"}"));
        for (int i = 0; i < 3; i++) {
            ok(call("POST", "/api/v1/orders", bob,
                    "{\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"market\","
                    + "\"tif\":\"ioc\",\"qty\":\"0.1\"}"));
        }
        JsonNode book = ok(call("GET", "/api/v1/book/BTC-USDT?depth=10", null, null));
        assertThat(book.get("asks").get(0).get(1).asText()).isEqualTo("0.700000");
        assertThat(book.get("seq").asLong()).isEqualTo(4);
        JsonNode trades = ok(call("GET", "/api/v1/trades/BTC-USDT?limit=2", null, null));
        assertThat(trades).hasSize(2);
        assertThat(trades.get(0).get("trade_id").asLong()).isGreaterThan(trades.get(1).get("trade_id").asLong());
        JsonNode tape = ok(call("GET", "/events/trades.BTC-USDT?since=1&limit=10", null, null)).get("events");
        for (int i = 0; i < 2; i++) { // each trade's time is its stream event's (protocol 1.2)
            assertThat(trades.get(i).get("ts").isIntegralNumber()).isTrue();
            assertThat(trades.get(i).get("ts").asLong()).isEqualTo(tape.get(1 - i).get("payload").get("ts").asLong());
        }

        JsonNode events = ok(call("GET", "/events/trades.BTC-USDT?since=1&limit=10", null, null));
        assertThat(events.get("head_seq").asLong()).isEqualTo(3);
        assertThat(events.get("events")).extracting(e -> e.get("cursor").asLong()).containsExactly(2L, 3L);
        assertThat(events.get("events").get(0).get("payload").get("type").asText()).isEqualTo("market.trade");
        assertThat(call("GET", "/events/account?since=0", null, null).statusCode()).isEqualTo(401);
        JsonNode account = ok(call("GET", "/events/account?since=0&limit=1000", bob, null));
        assertThat(account.get("events").size()).isEqualTo((int) account.get("head_seq").asLong());
        assertThat(call("GET", "/api/v1/book/DOGE-USDT", null, null).statusCode()).isEqualTo(404);
        String epoch = ok(call("GET", "/events/_status", null, null)).get("reset_epoch").asText();
        assertThat(epoch).isNotEmpty();

        // A cursor of another epoch, named or beyond the head: a gap, then this epoch from its start.
        for (String stale : new String[] {"since=2&epoch=0ld", "since=99"}) {
            JsonNode restart = ok(call("GET", "/events/trades.BTC-USDT?" + stale, null, null));
            assertThat(restart.get("events").get(0).get("topic").asText()).as(stale).isEqualTo("gap");
            assertThat(restart.get("events").get(0).get("payload").get("reason").asText()).isEqualTo("epoch_changed");
            assertThat(restart.get("events")).extracting(e -> e.get("cursor").asLong()).containsExactly(0L, 1L, 2L,
                    3L);
        }
        assertThat(ok(call("GET", "/events/trades.BTC-USDT?since=2&epoch=" + epoch, null, null)).get("events"))
                .extracting(e -> e.get("cursor").asLong()).containsExactly(3L);
        assertThat(call("GET", "/events/btcusdt@trade", null, null).statusCode()).as("a feed topic not captured here")
                .isEqualTo(404);
    }

    @Test
    void authScopesAndBadInputAreAnsweredWithJsonErrors() throws Exception {
        assertThat(call("GET", "/api/v1/balances", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/balances", "forged", null).statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = call("POST", "/api/v1/admin/deposit", alice,
                "{\"user_id\":\"1001\",\"asset\":\"USDT\",\"amount\":\"5\"}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(forbidden.body()).get("code").asText()).isEqualTo("forbidden");
        HttpResponse<String> bad = call("POST", "/api/v1/orders", alice, "{\"market\":\"BTC-USDT\",\"side\":\"up\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("side");
        assertThat(call("POST", "/api/v1/orders", alice, "not json").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/nope", null, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/orders/abc", alice, null).statusCode()).isEqualTo(400);
        assertThat(rawStatusLine("GET /api/v1/book/BTC-USDT?depth=%zz HTTP/1.1")).contains(" 400 ");
        assertThat(rawStatusLine("GET /ws?token=%zz HTTP/1.1")).contains(" 400 ");
        assertThat(call("GET", "/api/v1/book/BTC-USDT?depth=0", null, null).statusCode()).isEqualTo(400);
        JsonNode deposit = ok(call("POST", "/api/v1/admin/deposit", admin,
                "{\"user_id\":\"1001\",\"asset\":\"USDT\",\"amount\":\"5\"}"));
        assertThat(deposit.get("status").asText()).isEqualTo("accepted");
        JsonNode withdrawal = ok(call("POST", "/api/v1/admin/withdraw", admin,
                "{\"user_id\":\"1001\",\"asset\":\"USDT\",\"amount\":\"2\"}"));
        assertThat(withdrawal.get("status").asText()).isEqualTo("accepted");
        HttpResponse<String> refused = call("POST", "/api/v1/admin/withdraw", admin,
                "{\"user_id\":\"1001\",\"asset\":\"USDT\",\"amount\":\"99999999\"}");
        assertThat(refused.statusCode()).as("a rejected receipt is a 400").isEqualTo(400);
        JsonNode tooMuch = JSON.readTree(refused.body());
        assertThat(tooMuch.get("status").asText()).isEqualTo("rejected");
        assertThat(tooMuch.get("code").asText()).isEqualTo("insufficient_balance");
        HttpResponse<String> late = call("POST", "/api/v1/orders", alice, "{\"market\":\"BTC-USDT\",\"side\":\"buy\","
                + "\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"1.00\",\"qty\":\"1\",\"deadline\":"
                + (System.currentTimeMillis() - 1) + "}");
        assertThat(late.statusCode()).as(late.body()).isEqualTo(400);
        assertThat(JSON.readTree(late.body()).get("code").asText()).isEqualTo("deadline_exceeded");
        JsonNode inTime = ok(call("POST", "/api/v1/orders", alice, "{\"market\":\"BTC-USDT\",\"side\":\"buy\","
                + "\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"1.00\",\"qty\":\"1\",\"deadline\":"
                + (System.currentTimeMillis() + 60_000) + "}"));
        assertThat(inTime.get("status").asText()).isEqualTo("accepted");
        assertThat(call("POST", "/api/v1/orders", alice, "{\"market\":\"BTC-USDT\",\"side\":\"buy\","
                + "\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"1.00\",\"qty\":\"1\",\"deadline\":0}")
                .statusCode()).as("a deadline is a time").isEqualTo(400);
        assertThat(call("POST", "/api/v1/admin/withdraw", alice,
                "{\"user_id\":\"1001\",\"asset\":\"USDT\",\"amount\":\"1\"}").statusCode())
                .as("scope admin").isEqualTo(403);
        assertThat(call("POST", "/api/v1/orders", alice,
                "{\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\","
                + "\"tif\":\"gtc\",\"price\":\"1.001\",\"qty\":\"1\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void metricsReportConnectionsPushesAndJournalForces() throws Exception {
        try (WsTestClient viewer = WsTestClient.connect(server.port(), null)) {
            viewer.send("{\"type\":\"subscribe\",\"topic\":\"book.BTC-USDT\"}");
            viewer.awaitEvent("book.snapshot");
            ok(call("POST", "/api/v1/orders", alice,
                    "{\"market\":\"BTC-USDT\",\"side\":\"sell\",\"order_type\":\"limit\","
                    + "\"tif\":\"gtc\",\"price\":\"85000.00\",\"qty\":\"1\"}"));
            viewer.awaitEvent("book.delta");
            // The loop records the push once it has written it: after the frame may have arrived.
            await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/metrics", admin, null).body()
                    .contains("tickwire_durable_to_socket_seconds_bucket"));
            HttpResponse<String> metrics = call("GET", "/metrics", admin, null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("tickwire_subscriptions 1.0",
                    "tickwire_journal_force_seconds_count", "tickwire_durable_to_socket_seconds_bucket");
            double messagesOut = Double.parseDouble(metrics.body().lines()
                    .filter(l -> l.startsWith("tickwire_messages_out_total")).findFirst().orElseThrow().split(" ")[1]);
            assertThat(messagesOut).isGreaterThanOrEqualTo(1.0);
            double connections = Double.parseDouble(metrics.body().lines()
                    .filter(l -> l.startsWith("tickwire_connections ")).findFirst().orElseThrow().split(" ")[1]);
            assertThat(connections).as("the WebSocket, not this scraping HTTP request").isEqualTo(1.0);
        }
    }

    @Test
    void metricsAreForOperatorsOnly() throws Exception {
        HttpResponse<String> anonymous = call("GET", "/metrics", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"code\":\"unauthorized\"").doesNotContain("tickwire_");
        HttpResponse<String> trader = call("GET", "/metrics", alice, null);
        assertThat(trader.statusCode()).isEqualTo(403);
        assertThat(trader.body()).contains("\"code\":\"forbidden\"", "lacks scope admin");
    }
}
