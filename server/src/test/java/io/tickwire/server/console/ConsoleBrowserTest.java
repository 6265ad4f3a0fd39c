package io.tickwire.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.testkit.net.ChaosProxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real headless Chromium against a demo server, as a newcomer and a trader use
 * it: the page is loaded through a TCP proxy the test can cut, and everything it shows is checked
 * against the server's REST answers. The screenshots of docs/console.md are taken here, into
 * {@code target/screenshots/}; {@code scripts/refresh-screenshots} copies them to docs/images.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The topics the page of a signed-in user follows on BTC-USDT, whose cursors a cut must not break. */
    private static final List<String> TOPICS = List.of("trades.BTC-USDT", "book.BTC-USDT", "account");

    private final HttpClient http = HttpClient.newHttpClient();
    private Chromium browser;
    private TickwireServer server;
    private DemoVenue demo;
    private ChaosProxy proxy;

    @TempDir
    Path dir;

    @BeforeAll
    void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    void closeBrowser() throws Exception {
        browser.close();
    }

    @AfterEach
    void closeServer() throws Exception {
        browser.windowSize(1280, 800);
        browser.driver().get("about:blank");
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A demo server (simulator at {@code ordersPerSecond}, 0: funded users only) behind a proxy. */
    private void demo(int ordersPerSecond) throws Exception {
        server = TestServers.start(dir);
        demo = DemoVenue.start(server.core(), ordersPerSecond);
        server.onClosing(demo::close);
        proxy = new ChaosProxy(server.port());
    }

    private String page(String query) {
        return "http://127.0.0.1:" + proxy.port() + "/" + query;
    }

    private String token(long user, Scope... scopes) {
        return server.tokens().issue(user, EnumSet.of(scopes[0], scopes), Duration.ofHours(1));
    }

    @Test
    void aNewcomerSeesALiveMarketWhoseBookEqualsTheRestBookAtTheSameSeq() throws Exception {
        demo(40);
        browser.driver().get(page(""));
        await().atMost(WAIT).until(() -> rows("bids") > 3 && rows("asks") > 3 && rows("tape") >= 5);
        await().atMost(WAIT).until(() -> !text("t-last").equals("–") && ((Number) browser.script(
                "return window.tickwireConsole.page.candles.length")).intValue() > 0);
        assertThat(browser.dataOf("connection")).containsEntry("state", "connected");
        browser.screenshot("console-market.png");

        // The simulator stops; the page and REST then describe the same book at the same seq.
        demo.close();
        JsonNode rest = await().atMost(WAIT).until(() -> restBookMatchingPage(), b -> b != null);
        Map<String, String> book = browser.dataOf("book");
        assertThat(book).containsEntry("valid", "true").containsEntry("epoch", rest.get("epoch").asText());
        assertThat(book.get("checksum")).isEqualTo(rest.get("checksum").asText());
        assertThat(ladder("bids")).isEqualTo(levels(rest.get("bids")));
        assertThat(ladder("asks")).isEqualTo(levels(rest.get("asks")).reversed());
        assertThat(browser.dataOf("connection")).containsEntry("gaps", "0").containsEntry("resyncs", "0");
        assertThat(text("book-check")).startsWith("checksum ok " + rest.get("checksum").asText());
        assertThat(browser.severeLogs()).isEmpty();
    }

    /** The REST book when its seq is the page's, else null (one of the two is behind). */
    private JsonNode restBookMatchingPage() throws Exception {
        JsonNode rest = get("/api/v1/book/BTC-USDT?depth=15", null);
        String pageSeq = browser.dataOf("book").get("seq");
        return rest.get("seq").asText().equals(pageSeq) ? rest : null;
    }

    @Test
    void anOrderPlacedThroughTheFormRestsIsCanceledAndFillsWhenCrossed() throws Exception {
        demo(0); // no simulator: this test's orders are the whole book
        String token = token(1001, Scope.READ, Scope.TRADE);
        browser.driver().get(page("?token=" + token));
        await().atMost(WAIT).until(() -> rows("balances") >= 3);
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("token=");
        assertThat(text("account-user")).isEqualTo("user 1001");

        placeThroughTheForm("buy", "limit", "gtc", "85000.00", "0.010000");
        await().atMost(WAIT).until(() -> rows("open-orders") == 1);
        await().atMost(WAIT).until(() -> command(0).get("state").equals("accepted")
                && command(0).get("text").contains("· new"));
        assertThat(command(0).get("text")).contains("sent → acked → accepted");
        String clientOrderId = command(0).get("clientOrderId");
        String orderId = firstRow("open-orders").get("orderId");
        JsonNode open = get("/api/v1/orders?status=open", token);
        assertThat(open).hasSize(1);
        assertThat(open.get(0).get("order_id").asText()).isEqualTo(orderId);
        assertThat(open.get(0).get("client_order_id").asText()).isEqualTo(clientOrderId);
        await().atMost(WAIT).until(() -> ladder("bids").equals(List.of(List.of("85000.00", "0.010000"))));
        browser.screenshot("console-account.png");

        // Amend from the open orders table: the quantity doubles, here and in REST.
        browser.driver().findElement(By.cssSelector("#open-orders button[data-action=amend]")).click();
        WebElement amendQty = browser.driver().findElement(By.cssSelector("#amend-form input[name=qty]"));
        amendQty.clear();
        amendQty.sendKeys("0.020000");
        browser.driver().findElement(By.cssSelector("#amend-form button[type=submit]")).click();
        await().atMost(WAIT).until(() -> firstRow("open-orders").get("text").contains("0.020000"));
        assertThat(get("/api/v1/orders/" + orderId, token).get("qty").asText()).isEqualTo("0.020000");

        // The dead man's switch and cancel on disconnect, as toggles.
        browser.driver().findElement(By.id("dms-toggle")).click();
        await().atMost(WAIT).until(() -> text("dms-state").startsWith("fires at"));
        browser.driver().findElement(By.id("dms-toggle")).click();
        await().atMost(WAIT).until(() -> text("dms-state").equals("off"));
        browser.driver().findElement(By.id("cod-toggle")).click();
        await().atMost(WAIT).until(() -> browser.driver().findElement(By.id("session-log")).getText()
                .contains("cancel on disconnect on"));

        // Cancel from the open orders table.
        browser.driver().findElement(By.cssSelector("#open-orders button[data-action=cancel]")).click();
        await().atMost(WAIT).until(() -> rows("open-orders") == 0);
        assertThat(get("/api/v1/orders/" + orderId, token).get("status").asText()).isEqualTo("CANCELED");
        await().atMost(WAIT).until(() -> rows("history") >= 1);

        // A resting order, crossed by another user over REST: the page shows the fill.
        placeThroughTheForm("buy", "limit", "gtc", "85000.00", "0.010000");
        await().atMost(WAIT).until(() -> rows("open-orders") == 1);
        String token2 = token(1002, Scope.READ, Scope.TRADE);
        JsonNode receipt = post("/api/v1/orders", token2, "{\"market\":\"BTC-USDT\",\"side\":\"sell\","
                + "\"order_type\":\"limit\",\"tif\":\"ioc\",\"price\":\"85000.00\",\"qty\":\"0.010000\"}");
        assertThat(receipt.get("status").asText()).isEqualTo("accepted");
        await().atMost(WAIT).until(() -> rows("open-orders") == 0);
        await().atMost(WAIT).until(() -> command(0).get("text").contains("fill 0.010000@85000.00"));
        assertThat(command(0).get("text")).contains("filled");
        await().atMost(WAIT).until(() -> browser.driver().findElement(By.id("history")).getText().contains("FILLED"));
        await().atMost(WAIT).until(() -> rows("tape") == 1);
        assertThat(browser.severeLogs()).isEmpty();
    }

    @Test
    void aCommandCutOffFromItsReceiptIsUnknownThenReconciledOverRest() throws Exception {
        demo(0);
        String token = token(1001, Scope.READ, Scope.TRADE);
        browser.driver().get(page("?token=" + token));
        await().atMost(WAIT).until(() -> rows("balances") >= 3
                && "connected".equals(browser.dataOf("connection").get("state")));

        proxy.swallowDownstream(); // the order reaches the server; its ack and receipt never reach the page
        placeThroughTheForm("buy", "limit", "gtc", "84000.00", "0.010000");
        JsonNode open = await().atMost(WAIT).until(() -> get("/api/v1/orders?status=open", token),
                orders -> orders.size() == 1);
        assertThat(command(0).get("state")).isEqualTo("sent");

        proxy.cutAll();
        // The Java SDK's words: unknown_execution, then synchronized (the server has the order).
        await().atMost(WAIT).until(() -> "synchronized".equals(command(0).get("state")));
        assertThat(command(0).get("text")).contains("sent → unknown_execution → synchronized")
                .contains("found NEW #" + open.get(0).get("order_id").asText());
        assertThat(command(0).get("orderId")).isEqualTo(open.get(0).get("order_id").asText());
        await().atMost(WAIT).until(() -> rows("open-orders") == 1);
    }

    @Test
    void aCutShowsDegradedAndThePageResumesWithNoGap() throws Exception {
        demo(40);
        browser.driver().get(page("?token=" + token(1001, Scope.READ, Scope.TRADE)));
        await().atMost(WAIT).until(() -> "connected".equals(browser.dataOf("connection").get("state"))
                && rows("balances") >= 3 && tradesSeen() >= 3
                && TOPICS.stream().allMatch(t -> cursors().hasNonNull(t)));
        JsonNode before = cursors();

        proxy.target(closedPort()); // reconnections fail while the test looks at the page
        proxy.cutAll();
        await().atMost(WAIT).until(() -> "degraded".equals(browser.dataOf("connection").get("state")));
        WebElement banner = browser.driver().findElement(By.id("banner"));
        assertThat(banner.isDisplayed()).isTrue();
        assertThat(banner.getText()).contains("DEGRADED");
        browser.screenshot("console-degraded.png");
        long headAtCut = server.core().journal().lastSeq("trades.BTC-USDT");

        proxy.target(server.port());
        await().atMost(WAIT).until(() -> "connected".equals(browser.dataOf("connection").get("state")));
        // Trades made while the page was away arrive, in order, none twice and none missing.
        await().atMost(WAIT).until(() -> tradesSeen() > 0 && lastTradeSeq() > headAtCut);
        Map<String, String> connection = browser.dataOf("connection");
        assertThat(connection.get("reconnects")).isNotEqualTo("0");
        assertThat(connection).containsEntry("gaps", "0").containsEntry("resyncs", "0");
        @SuppressWarnings("unchecked")
        Map<String, Number> stats = (Map<String, Number>) browser.script(
                "return window.tickwireConsole.page.tradeStats");
        assertThat(stats.get("last").longValue() - stats.get("first").longValue() + 1)
                .as("trade events are contiguous across the cut").isEqualTo(stats.get("count").longValue());
        JsonNode after = cursors();
        for (String topic : TOPICS) {
            assertThat(after.get(topic).get("epoch")).as(topic).isEqualTo(before.get(topic).get("epoch"));
            assertThat(after.get(topic).get("seq").asLong()).as(topic)
                    .isGreaterThanOrEqualTo(before.get(topic).get("seq").asLong());
        }
        // The banner and the book's attributes are redrawn on the page's own clock: wait for the draw.
        await().atMost(WAIT).until(() -> !browser.driver().findElement(By.id("banner")).isDisplayed()
                && "true".equals(browser.dataOf("book").get("valid")));
        assertThat(browser.dataOf("connection")).containsEntry("gaps", "0").containsEntry("resyncs", "0");
    }

    @Test
    void aBadTokenIsRefusedWithAClearMessageAndTheMarketStaysLive() throws Exception {
        demo(40);
        browser.driver().get(page("?token=not-a-token"));
        await().atMost(WAIT).until(() -> browser.driver().findElement(By.id("token-error")).isDisplayed());
        assertThat(text("token-error")).startsWith("Token refused:").contains("public market data only");
        await().atMost(WAIT).until(() -> rows("bids") > 0 && "connected".equals(
                browser.dataOf("connection").get("state")));
        assertThat(browser.driver().findElement(By.id("account-body")).isDisplayed()).isFalse();
        assertThat((String) browser.script("return sessionStorage.getItem('tickwire.token')")).isNull();

        // The operator's token, typed in: the server's own status appears.
        WebElement input = browser.driver().findElement(By.id("token-input"));
        input.sendKeys(server.tokens().issue(0, EnumSet.allOf(Scope.class), Duration.ofHours(1)));
        browser.driver().findElement(By.cssSelector("#token-form button[type=submit]")).click();
        await().atMost(WAIT).until(() -> browser.driver().findElement(By.id("operator")).isDisplayed()
                && browser.driver().findElements(By.cssSelector("#operator-facts [data-fact=connections] dd")).size()
                == 1);
        assertThat(text("token-error")).isEmpty();
        String connections = textOf("#operator-facts [data-fact=connections] dd");
        assertThat(Integer.parseInt(connections)).isGreaterThanOrEqualTo(1);
        assertThat(textOf("#operator-facts [data-fact=role] dd")).isEqualTo("core");

        // Phone width: one column, the controls still reachable and labelled.
        browser.windowSize(390, 844);
        await().atMost(WAIT).until(() -> (Boolean) browser.script(
                "return document.querySelector('.book').getBoundingClientRect().right <= window.innerWidth"));
        browser.screenshot("console-phone.png");
        for (WebElement control : browser.driver().findElements(By.cssSelector("input, select"))) {
            assertThat((Boolean) browser.script("const c = arguments[0]; return !!(c.labels && c.labels.length)"
                    + " || c.hasAttribute('aria-label')", control)).as(control.getAttribute("id")).isTrue();
        }
    }

    private void placeThroughTheForm(String side, String type, String tif, String price, String qty) {
        new Select(browser.driver().findElement(By.id("p-side"))).selectByValue(side);
        new Select(browser.driver().findElement(By.id("p-type"))).selectByValue(type);
        new Select(browser.driver().findElement(By.id("p-tif"))).selectByValue(tif);
        WebElement priceInput = browser.driver().findElement(By.id("p-price"));
        priceInput.clear();
        priceInput.sendKeys(price);
        WebElement qtyInput = browser.driver().findElement(By.id("p-qty"));
        qtyInput.clear();
        qtyInput.sendKeys(qty);
        int before = browser.driver().findElements(By.cssSelector("#commands li")).size();
        browser.driver().findElement(By.id("p-submit")).click();
        await().atMost(WAIT).until(() -> browser.driver().findElements(By.cssSelector("#commands li")).size()
                > before || before == 30);
    }

    /**
     * A command's line: {@code state}, {@code text}, {@code clientOrderId}, {@code orderId}. Read in
     * the page in one call: the list is redrawn as commands change, and an element found in one
     * call may be gone by the next.
     */
    private Map<String, String> command(int index) {
        return entry("#commands li", index);
    }

    /** The first row of a table body: {@code text} and its data- attributes. */
    private Map<String, String> firstRow(String tbody) {
        return entry("#" + tbody + " tr", 0);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> entry(String selector, int index) {
        return (Map<String, String>) browser.script(
                "const e = document.querySelectorAll(arguments[0])[arguments[1]];"
                + " return e ? Object.assign({text: e.textContent}, e.dataset) : {state: '', text: ''}",
                selector, index);
    }

    private int rows(String tbody) {
        return browser.driver().findElements(By.cssSelector("#" + tbody + " tr")).size();
    }

    private String text(String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    /** The text of the first element matching {@code selector}, read in one call (it may be redrawn). */
    private String textOf(String selector) {
        return (String) browser.script("return document.querySelector(arguments[0])?.textContent ?? ''", selector);
    }

    /** The ladder's side as [price, size] rows, top to bottom, read in one call. */
    @SuppressWarnings("unchecked")
    private List<List<String>> ladder(String side) {
        return (List<List<String>>) browser.script("return [...document.querySelectorAll('#' + arguments[0] + ' tr')]"
                + ".map(tr => [tr.cells[0].textContent, tr.cells[1].textContent])", side);
    }

    private static List<List<String>> levels(JsonNode levels) {
        List<List<String>> out = new ArrayList<>();
        levels.forEach(l -> out.add(List.of(l.get(0).asText(), l.get(1).asText())));
        return out;
    }

    /**
     * The client's cursors now (the page's data-cursors attribute is the same, redrawn every
     * 250 ms, so it may lag the events the test waited for).
     */
    private JsonNode cursors() {
        return JSON.valueToTree(browser.script(
                "return window.tickwireConsole.client.cursors()"));
    }

    private long tradesSeen() {
        return ((Number) browser.script("return window.tickwireConsole.page.tradeStats.count")).longValue();
    }

    private long lastTradeSeq() {
        Object last = browser.script("return window.tickwireConsole.page.tradeStats.last");
        return last == null ? -1 : ((Number) last).longValue();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private JsonNode get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return JSON.readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode post(String path, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
