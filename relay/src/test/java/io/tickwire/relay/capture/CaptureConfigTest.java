package io.tickwire.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tickwire.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Capture files: the examples shipped in {@code examples/capture} read, and every mistake is named. */
class CaptureConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static CaptureConfig parse(String yaml) throws Exception {
        return CaptureConfig.from(YAML.readTree(yaml));
    }

    private static Path examples() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/capture"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("examples/capture above the working directory").isNotNull();
        return dir.resolve("examples/capture");
    }

    @Test
    void theShippedExamplesRead() throws Exception {
        CaptureConfig binance = CaptureConfig.load(examples().resolve("binance-trades.yaml"));
        assertThat(binance.url().getHost()).isEqualTo("stream.binance.com");
        assertThat(binance.topic().pointers()).containsExactly("/stream");
        assertThat(binance.subscribe()).singleElement().asString().contains("\"method\":\"SUBSCRIBE\"");
        assertThat(binance.maxFrameBytes()).isEqualTo(1 << 20);
        assertThat(binance.retentionBytes()).isEqualTo(20L << 30);
        CaptureConfig coinbase = CaptureConfig.load(examples().resolve("coinbase-matches.yaml"));
        assertThat(coinbase.topic().prefix()).isEqualTo("coinbase.");
        assertThat(coinbase.idleTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void defaultsFillWhatIsNotSaid() throws Exception {
        CaptureConfig c = parse("url: ws://127.0.0.1:9/x\ntopic: {pointer: /stream}\n");
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.reconnectInitial()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.reconnectMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.retentionAge()).isEqualTo(Duration.ofDays(7));
        assertThat(c.topic().fallback()).isNull();
        assertThat(c.pingMessage()).isNull();
    }

    @Test
    void everyMistakeIsNamed() {
        String[][] cases = {
                {"topic: {pointer: /stream}", "url: is required"},
                {"url: http://x/y\ntopic: {pointer: /s}", "url: must be ws:// or wss://"},
                {"url: ws://x/y", "topic: is required"},
                {"url: ws://x/y\ntopic: {pointer: stream}", "a JSON pointer starts with /"},
                {"url: ws://x/y\ntopic: {pointer: /s, fallback: account}", "topic.fallback"},
                {"url: ws://x/y\ntopic: {pointer: /s, fallback: _mine}", "topic.fallback"},
                {"url: ws://x/y\ntopic: {pointer: /s}\nretries: 3", "retries: unknown key"},
                {"url: ws://x/y\ntopic: {pointer: /s}\nreconnect: {initial: 5s, max: 1s}", "reconnect.max"},
                {"url: ws://x/y\ntopic: {pointer: /s}\nmax_frame_bytes: 1TB", "max_frame_bytes: must be a size"},
                {"url: ws://x/y\ntopic: {pointer: /s}\nping: {interval: 30s}\nidle_timeout: 10s", "idle_timeout"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> parse(c[0])).as(c[0]).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void topicsAreNamedByPointerMadeSafeForAPathAndNeverTickwiresOwn() throws Exception {
        TopicNamer binance = new TopicNamer(new CaptureConfig.TopicRule(List.of("/stream"), "", null));
        assertThat(binance.name(YAML.readTree("{\"stream\":\"btcusdt@trade\",\"data\":{}}")).topic())
                .isEqualTo("btcusdt@trade");
        assertThat(binance.name(YAML.readTree("{\"result\":null,\"id\":1}")).rejection()).isEqualTo("no_topic");
        assertThat(binance.name(YAML.readTree("{\"stream\":\"account\"}")).rejection()).isEqualTo("bad_topic");
        assertThat(binance.name(YAML.readTree("{\"stream\":\"_status\"}")).rejection()).isEqualTo("bad_topic");
        TopicNamer kraken = new TopicNamer(new CaptureConfig.TopicRule(List.of("/channel", "/symbol"),
                "kraken.", "kraken.control"));
        assertThat(kraken.name(YAML.readTree("{\"channel\":\"book\",\"symbol\":\"BTC/USD\"}")).topic())
                .isEqualTo("kraken.book.BTC_USD");
        assertThat(kraken.name(YAML.readTree("{\"method\":\"pong\"}")).topic()).isEqualTo("kraken.control");
    }
}
