package io.tickwire.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import com.sun.net.httpserver.HttpServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.demo.DemoVenue;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * tickwire.js's unit tests ({@code /console/tickwire.test.js}: the checksum's worked examples,
 * the backoff's bounds, dedup on resume, resync, order tracking, subscriptions, the account
 * mirror) run in a real Chromium, served by a real node as users load the module; and the main
 * example of docs/js.md, run as written against a real node.
 */
class TickwireJsBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The first {@code <script type="module">} of docs/js.md: what a reader copies first. */
    private static final Pattern EXAMPLE = Pattern.compile(
            "```html\\n<script type=\"module\">\\n(.*?)</script>\\n```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theModulesUnitTestsPassInTheBrowser() throws Exception {
        try (TickwireServer server = TestServers.start(dir); Chromium browser = Chromium.start()) {
            browser.driver().get("http://127.0.0.1:" + server.port() + "/console/test.html");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "true".equals(browser.dataOf("summary").get("done")));
            List<String> failures = browser.driver().findElements(By.cssSelector("#results li[data-result=failed]"))
                    .stream().map(WebElement::getText).toList();
            assertThat(failures).isEmpty();
            Map<String, String> summary = browser.dataOf("summary");
            assertThat(Integer.parseInt(summary.get("passed"))).isGreaterThanOrEqualTo(27);
            assertThat(browser.severeLogs()).isEmpty();
        }
    }

    /**
     * The example as a reader copies it: imported by a page of another origin than the node's (so
     * the entry and the modules it imports are fetched in CORS mode), an order sent right after
     * {@code await client.connect()}, and the account mirror read after {@code await account.ready}.
     * Only the node's address and the reader's own {@code myToken} and {@code render} are filled in.
     */
    @Test
    void theMainExampleOfTheDocsRunsAsWrittenFromAnotherOrigin() throws Exception {
        Matcher example = EXAMPLE.matcher(Files.readString(Path.of("..", "docs", "js.md")));
        assertThat(example.find()).as("docs/js.md has its example").isTrue();
        HttpServer ownSite = ownSite();
        try (TickwireServer server = TestServers.start(dir); Chromium browser = Chromium.start()) {
            DemoVenue.fundUsersIfNew(server.core()); // funded users, no simulator
            String token = server.tokens().issue(1001, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
            // A static import cannot run inside a function: the same import, awaited.
            String body = example.group(1).replace("127.0.0.1:8080", "127.0.0.1:" + server.port())
                    .replaceFirst("import \\{ TickwireClient \\} from ('[^']+');",
                            "const { TickwireClient } = await import($1);");
            assertThat(body).contains("await import(").contains("await client.connect()");
            browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            browser.driver().get("http://127.0.0.1:" + ownSite.getAddress().getPort() + "/");
            Object result = browser.driver().executeAsyncScript(
                    "const reply = arguments[arguments.length - 1]; const myToken = arguments[0];"
                    + " const render = () => {};"
                    + " (async () => {\n" + body + "\nconst usdt = client.account().balance('USDT'); client.close();"
                    + " return JSON.stringify({history: done.history, receipt: done.receipt, usdt}); })()"
                    + ".then(reply, (e) => reply(JSON.stringify({failed: String(e)})));", token);
            JsonNode outcome = JSON.readTree((String) result);
            assertThat(outcome.has("failed")).as(outcome + " " + browser.severeLogs()).isFalse();
            assertThat(outcome.get("history").toString()).isEqualTo("[\"sent\",\"acked\",\"accepted\"]");
            assertThat(outcome.get("receipt").get("order_id").isIntegralNumber()).isTrue();
            assertThat(outcome.get("usdt").get("avail").asText()).matches("[0-9]+\\.[0-9]+");
        } finally {
            ownSite.stop(0);
        }
    }

    /** A reader's own site: one blank page, on a port (so an origin) of its own, with no policy of the node's. */
    private static HttpServer ownSite() throws Exception {
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = "<!doctype html><title>a page of its own</title>".getBytes(StandardCharsets.UTF_8);
        site.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (var out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        site.start();
        return site;
    }
}
