package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's files, CORS and the operator's status over plain HTTP: what a browser gets
 * before any script runs (the browser itself is in {@code io.tickwire.server.console}).
 */
class ConsoleHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theBrowserSelfTestIsATestResourceNotPartOfTheJar() {
        // Served here, where the test resources are on the classpath; a production jar lacks them.
        assertThat(ConsoleAssets.load().paths()).contains("/console/test.html", "/console/tickwire.test.js");
        for (String file : List.of("test.html", "tickwire.test.js")) {
            assertThat(ConsoleAssets.class.getResource(ConsoleAssets.RESOURCES + file).getPath()).as(file)
                    .contains("/test-classes/");
        }
        assertThat(ConsoleAssets.class.getResource(ConsoleAssets.RESOURCES + "index.html").getPath())
                .doesNotContain("/test-classes/");
    }

    @Test
    void everyConsoleFileIsServedWithItsTypeAnEtagAndAPolicyThatAllowsNoInlineScript() throws Exception {
        try (TickwireServer server = TestServers.start(dir)) {
            for (String path : ConsoleAssets.load().paths()) {
                HttpResponse<byte[]> r = send(server, HttpRequest.newBuilder(uri(server, path)).build());
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.body()).as(path).isNotEmpty();
                String type = r.headers().firstValue("content-type").orElseThrow();
                assertThat(type).as(path).matches(path.endsWith(".js") ? "text/javascript.*"
                        : path.endsWith(".css") ? "text/css.*" : path.endsWith(".svg") ? "image/svg\\+xml"
                        : "text/html.*");
                assertThat(r.headers().firstValue("content-security-policy").orElseThrow())
                        .contains("script-src 'self'").doesNotContain("unsafe-inline");
                assertThat(r.headers().firstValue("referrer-policy")).hasValue("no-referrer");

                String etag = r.headers().firstValue("etag").orElseThrow();
                HttpResponse<byte[]> again = send(server, HttpRequest.newBuilder(uri(server, path))
                        .header("If-None-Match", etag).build());
                assertThat(again.statusCode()).as(path).isEqualTo(304);
                assertThat(again.body()).isEmpty();
            }
            HttpResponse<byte[]> head = send(server, HttpRequest.newBuilder(uri(server, "/tickwire.js"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("access-control-allow-origin")).as("importable from any page")
                    .hasValue("*");
            assertThat(head.body()).isEmpty();
            // The modules tickwire.js imports are fetched in CORS mode by a page on another origin too.
            assertThat(ConsoleAssets.load().paths()).contains("/tickwire/book.js", "/tickwire/codes.js",
                    "/tickwire/decimal.js", "/tickwire/subscription.js", "/tickwire/account.js",
                    "/tickwire/command.js");
            for (String path : ConsoleAssets.load().paths()) {
                if (path.startsWith("/tickwire/")) {
                    assertThat(send(server, HttpRequest.newBuilder(uri(server, path)).build()).headers()
                            .firstValue("access-control-allow-origin")).as(path).hasValue("*");
                }
            }
            assertThat(send(server, HttpRequest.newBuilder(uri(server, "/tickwire/nope.js")).build()).statusCode())
                    .as("only the listed files").isEqualTo(404);
            assertThat(send(server, HttpRequest.newBuilder(uri(server, "/console/console.js")).build()).headers()
                    .firstValue("access-control-allow-origin")).as("the console's own modules stay same-origin")
                    .isEmpty();
            // Gzipped for a browser that takes it: another representation, with its own tag, of the same bytes.
            byte[] plain = send(server, HttpRequest.newBuilder(uri(server, "/tickwire.js")).build()).body();
            HttpResponse<byte[]> zipped = send(server, HttpRequest.newBuilder(uri(server, "/tickwire.js"))
                    .header("Accept-Encoding", "gzip, deflate, br").build());
            assertThat(zipped.headers().firstValue("content-encoding")).hasValue("gzip");
            assertThat(zipped.headers().firstValue("vary").orElseThrow().toLowerCase()).contains("accept-encoding");
            assertThat(zipped.body().length).isLessThan(plain.length / 2);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                assertThat(in.readAllBytes()).isEqualTo(plain);
            }
            String zippedTag = zipped.headers().firstValue("etag").orElseThrow();
            assertThat(zippedTag).isNotEqualTo(send(server, HttpRequest.newBuilder(uri(server, "/tickwire.js")).build())
                    .headers().firstValue("etag").orElseThrow());
            assertThat(send(server, HttpRequest.newBuilder(uri(server, "/tickwire.js"))
                    .header("Accept-Encoding", "gzip").header("If-None-Match", zippedTag).build()).statusCode())
                    .isEqualTo(304);
            assertThat(send(server, HttpRequest.newBuilder(uri(server, "/tickwire.js"))
                    .header("Accept-Encoding", "gzip;q=0, identity").build()).headers().firstValue("content-encoding"))
                    .isEmpty();
            assertThat(send(server, HttpRequest.newBuilder(uri(server, "/api/v1/markets"))
                    .header("Accept-Encoding", "gzip").build()).headers().firstValue("content-encoding"))
                    .as("REST answers are not compressed").isEmpty();
            String index = new String(send(server, HttpRequest.newBuilder(uri(server, "/")).build()).body());
            assertThat(index).contains("/console/console.js").doesNotContain("http://").doesNotContain("https://");
            assertThat(send(server, HttpRequest.newBuilder(uri(server, "/console/nope.js")).build()).statusCode())
                    .isEqualTo(404);
            assertThat(send(server, HttpRequest.newBuilder(uri(server, "/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void restAnswersPagesOfConfiguredOriginsOnlyAndPreflightsTheirCommands() throws Exception {
        try (TickwireServer server = TestServers.start(dir, FrontDoorConfig.defaults(0)
                .withCorsOrigins(List.of("https://app.example.com")))) {
            HttpResponse<byte[]> preflight = send(server, HttpRequest.newBuilder(uri(server, "/api/v1/orders"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example.com")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type").build());
            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(preflight.headers().firstValue("access-control-allow-origin"))
                    .hasValue("https://app.example.com");
            assertThat(preflight.headers().firstValue("access-control-allow-methods").orElseThrow())
                    .contains("POST").contains("DELETE").contains("PATCH");
            assertThat(preflight.headers().firstValue("access-control-allow-headers").orElseThrow().toLowerCase())
                    .contains("authorization").contains("content-type");

            HttpResponse<byte[]> read = send(server, HttpRequest.newBuilder(uri(server, "/api/v1/markets"))
                    .header("Origin", "https://app.example.com").build());
            assertThat(read.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
            assertThat(read.headers().allValues("vary")).anyMatch(v -> v.toLowerCase().contains("origin"));

            HttpResponse<byte[]> stranger = send(server, HttpRequest.newBuilder(uri(server, "/api/v1/markets"))
                    .header("Origin", "https://evil.example").build());
            assertThat(stranger.statusCode()).isEqualTo(200); // a browser withholds it from the page: no allow header
            assertThat(stranger.headers().firstValue("access-control-allow-origin")).isEmpty();
        }
        try (TickwireServer server = TestServers.start(dir.resolve("default"))) {
            HttpResponse<byte[]> read = send(server, HttpRequest.newBuilder(uri(server, "/api/v1/markets"))
                    .header("Origin", "https://app.example.com").build());
            assertThat(read.headers().firstValue("access-control-allow-origin")).as("none by default").isEmpty();
        }
    }

    @Test
    void theOperatorsStatusNeedsScopeAdmin() throws Exception {
        try (TickwireServer server = TestServers.start(dir)) {
            HttpRequest.Builder status = HttpRequest.newBuilder(uri(server, "/api/v1/admin/status"));
            assertThat(send(server, status.build()).statusCode()).isEqualTo(401);
            String user = server.tokens().issue(1001, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
            assertThat(send(server, status.header("Authorization", "Bearer " + user).build()).statusCode())
                    .isEqualTo(403);
            String admin = server.tokens().issue(0, EnumSet.of(Scope.ADMIN), Duration.ofHours(1));
            HttpResponse<byte[]> ok = send(server, HttpRequest.newBuilder(uri(server, "/api/v1/admin/status"))
                    .header("Authorization", "Bearer " + admin).build());
            assertThat(ok.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(ok.body());
            assertThat(body.get("role").asText()).isEqualTo("core");
            assertThat(body.get("connected").asBoolean()).isTrue();
            assertThat(body.get("takes_orders").asBoolean()).isTrue();
            for (String field : List.of("connections", "subscriptions", "sequencer_queue_depth", "lag_batches",
                    "reconnect_count", "topics_subscribed", "uptime_seconds", "buffer_sizes", "reset_epoch")) {
                assertThat(body.has(field)).as(field).isTrue();
            }
        }
    }

    private static URI uri(TickwireServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<byte[]> send(TickwireServer server, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
