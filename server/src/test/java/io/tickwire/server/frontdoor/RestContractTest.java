package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a REST user sees of mistakes (bodies copied from WebSocket messages, field names in
 * errors), of {@code /events/_status}, and of {@code /metrics} against docs/server.md.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER = "\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\","
            + "\"tif\":\"gtc\",\"price\":\"1000.00\",\"qty\":\"0.001\"";

    @TempDir
    static Path dir;
    static TickwireServer server;
    static String alice;
    static String admin;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(dir);
        DemoVenue.fundUsersIfNew(server.core());
        alice = server.tokens().issue(1001, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
        admin = server.tokens().issue(0, EnumSet.of(Scope.ADMIN), Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + alice)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /metrics}, which needs the admin scope, as Prometheus scrapes it with a bearer token. */
    private String scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void aBodyCopiedFromAWebSocketMessageIsAccepted() throws Exception {
        HttpResponse<String> placed = call("POST", "/api/v1/orders", "{\"type\":\"order.place\",\"id\":7," + ORDER
                + "}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
        assertThat(JSON.readTree(placed.body()).get("status").asText()).isEqualTo("accepted");
        long orderId = JSON.readTree(placed.body()).get("order_id").asLong();
        HttpResponse<String> amended = call("PATCH", "/api/v1/orders/" + orderId,
                "{\"type\":\"order.amend\",\"id\":8,\"qty\":\"0.002\"}");
        assertThat(amended.statusCode()).as(amended.body()).isEqualTo(200);
    }

    @Test
    void aBodyOfAnotherTypeIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> response = call("POST", "/api/v1/orders", "{\"type\":\"order.cancel\"," + ORDER + "}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("field").asText()).isEqualTo("type");
        assertThat(error.get("message").asText()).contains("omit type and id").doesNotContain("Duplicate");
    }

    @Test
    void errorsPutAColonBetweenTheFieldAndTheMessage() throws Exception {
        HttpResponse<String> response = call("POST", "/api/v1/orders", "{" + ORDER.replace("\"1000.00\"", "\"x1\"")
                + "}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("field").asText()).isEqualTo("price");
        assertThat(error.get("message").asText()).startsWith("price: ");
    }

    @Test
    void anUnknownTopicNamesTheTopicField() throws Exception {
        for (String topic : List.of("foo.bar", "book.NOPE-USDT")) {
            HttpResponse<String> response = call("GET", "/events/" + topic, null);
            assertThat(response.statusCode()).as(topic).isEqualTo(404);
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.get("code").asText()).isEqualTo("unknown_topic");
            assertThat(error.get("field").asText()).isEqualTo("topic");
        }
    }

    @Test
    void anUnknownMessageTypeOverWebSocketNamesTheTypeField() throws Exception {
        try (WsTestClient ws = WsTestClient.connect(server.port(), null)) {
            ws.send("{\"type\":\"order.teleport\",\"id\":4}");
            ServerMessage.ErrorMessage error = ws.await(ServerMessage.ErrorMessage.class);
            assertThat(error.id()).isEqualTo(4L);
            assertThat(error.field()).isEqualTo("type");
            assertThat(error.message()).startsWith("type: ");
        }
    }

    @Test
    void statusSaysTheCoreRunsAndWhatEachStreamHoldsInHistory() throws Exception {
        HttpResponse<String> placed = call("POST", "/api/v1/orders", "{" + ORDER + "}");
        assertThat(placed.statusCode()).isEqualTo(200);
        JsonNode status = JSON.readTree(call("GET", "/events/_status", null).body());
        assertThat(status.get("connected").asBoolean()).isTrue();
        assertThat(status.get("reconnect_count").asInt()).isZero();
        JsonNode sizes = status.get("buffer_sizes");
        assertThat(sizes.get("book.BTC-USDT").asInt()).isPositive();
        assertThat(sizes.get("account").asInt()).as("account streams counted together").isPositive();
        assertThat(sizes.has("account:1001")).as("no user named").isFalse();
    }

    @Test
    void metricsServeEveryNameDocsServerMdLists() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "server.md"));
        String table = docs.substring(docs.indexOf("\n## Metrics"));
        Matcher row = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| (\\w+) \\|").matcher(table);
        List<String> names = new ArrayList<>();
        while (row.find()) {
            names.add(row.group(1) + " " + row.group(2));
        }
        assertThat(names).hasSizeGreaterThan(15);
        try (WsTestClient ws = WsTestClient.connect(server.port(), null)) {
            ws.send("{\"type\":\"ping\",\"id\":1}");
            ws.await(ServerMessage.Pong.class);
            System.gc(); // jvm_gc_pause_seconds appears once a collection has been reported
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<String> missing;
            do {
                String scrape = scrape();
                missing = names.stream().filter(n -> !served(scrape, n)).toList();
            } while (!missing.isEmpty() && System.nanoTime() < deadline);
            assertThat(missing).as("documented but not served").isEmpty();
            String scrape = scrape();
            assertThat(scrape).doesNotContain("tickwire_bytes_out_bytes_total");
            assertThat(scrape).contains("tickwire_commands_total{outcome=\"accepted\",type=\"place\"}");
        }
    }

    private static boolean served(String scrape, String nameAndType) {
        String[] parts = nameAndType.split(" ");
        String name = parts[0];
        String series = switch (parts[1]) {
            case "histogram" -> name + "_bucket";
            case "summary" -> name + "_count";
            default -> name;
        };
        return scrape.lines().anyMatch(l -> l.startsWith(series + " ") || l.startsWith(series + "{"));
    }
}
