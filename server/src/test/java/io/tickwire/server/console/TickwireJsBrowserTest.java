package io.tickwire.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * tickwire.js's unit tests ({@code /console/tickwire.test.js}: the checksum's worked examples,
 * the backoff's bounds, dedup on resume, resync, order tracking) run in a real Chromium, served
 * by a real node as users load the module.
 */
class TickwireJsBrowserTest {
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
}
