package io.tickwire.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium for the console's tests, driven through Debian's chromedriver. Missing
 * binaries fail the test with the command that installs them: {@code ./run-tests} installs them
 * as root ({@code scripts/require-chromium}); a browser test is never skipped.
 */
final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of(System.getProperty("tickwire.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("tickwire.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser with a fresh profile, 1280x800. */
    static Chromium start() {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("the console's tests need Chromium and its driver at " + BINARY + " and "
                    + DRIVER + "; install them with: sudo apt-get install chromium chromium-driver"
                    + " (./run-tests does it when run as root)");
        }
        try {
            Path profile = Files.createTempDirectory("tickwire-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            // As root in a container: no sandbox, no GPU, /tmp instead of a small /dev/shm; and
            // nothing that phones home, which a closed network would refuse over and over.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions",
                    "--user-data-dir=" + profile, "--window-size=1280,800", "--force-device-scale-factor=1");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            return new Chromium(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Runs {@code script} in the page and returns what it returns. */
    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** The page's console messages at level SEVERE since the last call (JS errors, CSP violations). */
    List<String> severeLogs() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    void windowSize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * Saves a screenshot under {@code target/screenshots/}: a test never rewrites tracked files.
     * {@code scripts/refresh-screenshots} runs the browser test and copies them to docs/images for
     * docs/console.md.
     */
    void screenshot(String name) {
        Path shots = Path.of("target", "screenshots");
        try {
            Files.createDirectories(shots);
            Files.write(shots.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every data- attribute of the element with this id. */
    @SuppressWarnings("unchecked")
    Map<String, String> dataOf(String id) {
        return (Map<String, String>) script("return Object.assign({}, document.getElementById(arguments[0]).dataset)",
                id);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
