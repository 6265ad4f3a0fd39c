package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.testkit.process.KillableChild;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of docs/protocol.md that after a receipt REST shows the same state, held across
 * {@code kill -9}: every order with a receipt, open, filled or canceled, is found by its id and by
 * its client id after each restart, with the status its last receipt left it in, and its client
 * id stays taken.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RestAcrossKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** Client order id to the status REST must show. */
    private final Map<String, String> expected = new LinkedHashMap<>();
    private final Map<String, Long> orderIds = new LinkedHashMap<>();

    @Test
    void closedAndOpenOrdersAreFoundByRestAfterEveryKill() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (KillableChild child = KillableChild.start(ServerCrashChild.class, dir.toString())) {
                int port = Integer.parseInt(child.awaitLine("port ", Duration.ofSeconds(60)));
                String alice = child.awaitLine("token ", Duration.ofSeconds(10));
                String bob = child.awaitLine("token2 ", Duration.ofSeconds(10));
                checkEverythingKnown(port, alice, round);
                trade(port, alice, bob, round);
                checkEverythingKnown(port, alice, round);
                child.kill();
            }
        }
    }

    /** An open order, a canceled one, and a filled one (against bob's resting sell), each receipted. */
    private void trade(int port, String alice, String bob, int round) throws Exception {
        String open = "r" + round + "-open";
        JsonNode placed = place(port, alice, open, "buy", "70000.00", "gtc");
        expected.put(open, "NEW");
        orderIds.put(open, placed.get("order_id").asLong());

        String canceled = "r" + round + "-canceled";
        long id = place(port, alice, canceled, "buy", "70001.00", "gtc").get("order_id").asLong();
        HttpResponse<String> cancel = call(port, "DELETE", "/api/v1/orders/" + id, alice, null);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        expected.put(canceled, "CANCELED");
        orderIds.put(canceled, id);

        place(port, bob, "r" + round + "-ask", "sell", "90000.00", "gtc");
        String filled = "r" + round + "-filled";
        id = place(port, alice, filled, "buy", "90000.00", "ioc").get("order_id").asLong();
        expected.put(filled, "FILLED");
        orderIds.put(filled, id);
    }

    private void checkEverythingKnown(int port, String alice, int round) throws Exception {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String clientId = e.getKey();
            HttpResponse<String> byClientId = call(port, "GET", "/api/v1/orders?client_order_id=" + clientId, alice,
                    null);
            assertThat(byClientId.statusCode()).isEqualTo(200);
            JsonNode list = JSON.readTree(byClientId.body());
            assertThat(list.size()).as(clientId + " by client id in round " + round + ": " + byClientId.body())
                    .isEqualTo(1);
            assertThat(list.get(0).get("status").asText()).as(clientId + " status").isEqualTo(e.getValue());

            HttpResponse<String> byId = call(port, "GET", "/api/v1/orders/" + orderIds.get(clientId), alice, null);
            assertThat(byId.statusCode()).as(clientId + " by id in round " + round).isEqualTo(200);
            assertThat(JSON.readTree(byId.body()).get("status").asText()).isEqualTo(e.getValue());
        }
        if (!expected.isEmpty()) {
            // A client id REST shows as used stays refused as a duplicate, and REST can show why.
            String used = expected.keySet().iterator().next();
            HttpResponse<String> again = call(port, "POST", "/api/v1/orders", alice, body(used, "buy", "60000.00",
                    "gtc"));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(again.body()).contains("duplicate_client_order_id");
        }
    }

    private JsonNode place(int port, String token, String clientId, String side, String price, String tif)
            throws Exception {
        HttpResponse<String> response = call(port, "POST", "/api/v1/orders", token, body(clientId, side, price, tif));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode receipt = JSON.readTree(response.body());
        assertThat(receipt.get("status").asText()).isEqualTo("accepted");
        return receipt;
    }

    private static String body(String clientId, String side, String price, String tif) {
        return "{\"market\":\"BTC-USDT\",\"side\":\"" + side + "\",\"order_type\":\"limit\",\"tif\":\"" + tif
                + "\",\"price\":\"" + price + "\",\"qty\":\"0.01\",\"client_order_id\":\"" + clientId + "\"}";
    }

    private HttpResponse<String> call(int port, String method, String path, String token,
            String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
