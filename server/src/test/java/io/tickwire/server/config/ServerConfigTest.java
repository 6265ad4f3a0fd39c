package io.tickwire.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tickwire.journal.Durability;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    private static ServerConfig parse(String yaml) throws Exception {
        return ServerConfig.from(new ObjectMapper(new YAMLFactory()).readTree(yaml), null, null);
    }

    @Test
    void everyKeyHasAnEmbeddedDefault() throws Exception {
        ServerConfig config = ServerConfig.from(null, null, null);
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.data()).isEqualTo(Path.of("./data"));
        assertThat(config.markets().market("BTC-USDT")).isNotNull();
        assertThat(config.core().journal().durability()).isEqualTo(Durability.FSYNC);
        assertThat(config.frontDoor().pingInterval()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theNatsSectionIsReadAndCheckedWhenPresent() throws Exception {
        assertThat(ServerConfig.from(null, null, null).nats()).isNull();
        ServerConfig config = parse("""
                nats:
                  servers: [nats://10.0.0.1:4222, nats://10.0.0.2:4222]
                  stream: VENUE_A
                  replicas: 3
                  max_age: 2d
                  max_bytes: 1073741824
                  duplicate_window: 5m
                  ack_timeout: 3s
                  max_in_flight: 64
                """);
        JetStreamConfig nats = config.nats();
        assertThat(nats.servers()).containsExactly("nats://10.0.0.1:4222", "nats://10.0.0.2:4222");
        assertThat(nats.stream()).isEqualTo("VENUE_A");
        assertThat(nats.subject()).isEqualTo("venue_a.batches");
        assertThat(nats.replicas()).isEqualTo(3);
        assertThat(nats.maxAge()).isEqualTo(Duration.ofDays(2));
        assertThat(nats.maxBytes()).isEqualTo(1L << 30);
        assertThat(nats.duplicateWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(nats.ackTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(nats.maxInFlight()).isEqualTo(64);
        assertThat(parse("nats: {servers: nats://127.0.0.1:4222}").nats().stream()).isEqualTo("TICKWIRE");

        assertThatThrownBy(() -> parse("nats: {stream: X}")).hasMessage(
                "nats.servers: is required (nats://HOST:PORT, or a list of them)");
        assertThatThrownBy(() -> parse("nats: {servers: http://x:1}")).hasMessageContaining(
                "a server URL is nats://HOST:PORT; was 'http://x:1'");
        assertThatThrownBy(() -> parse("nats: {servers: nats://x:1, stream: \"a.b\"}")).hasMessageContaining(
                "stream name");
        assertThatThrownBy(() -> parse("nats: {servers: nats://x:1, replicas: 7}")).hasMessageContaining(
                "nats.replicas: must be between 1 and 5");
        assertThatThrownBy(() -> parse("nats: {servers: nats://x:1, colour: red}")).hasMessageContaining(
                "nats.colour: unknown key");
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ServerConfig config = parse("""
                port: 9001
                data: /var/lib/tickwire
                durability: none
                segment_bytes: 1048576
                history_events: 500
                history_age: 10m
                retention_age: 2d
                retention_bytes: 1000000
                snapshot_every_batches: 10
                snapshot_every: 30s
                limits:
                  max_frame_bytes: 4096
                  max_queued_bytes: 1048576
                  messages_per_second: 5
                  max_subscriptions: 3
                  max_connections_per_user: 2
                  max_connections: 10
                  ping_interval: 5s
                  idle_timeout: 15s
                assets:
                  - {name: BTC, scale: 8}
                  - {name: EUR, scale: 6}
                markets:
                  - {base: BTC, quote: EUR, price_scale: 2, qty_scale: 4, min_qty: "0.001",
                     maker_fee: "0", taker_fee: "0.0025"}
                """);
        assertThat(config.port()).isEqualTo(9001);
        assertThat(config.frontDoor().port()).isEqualTo(9001);
        assertThat(config.data()).isEqualTo(Path.of("/var/lib/tickwire"));
        assertThat(config.core().journal().durability()).isEqualTo(Durability.NONE);
        assertThat(config.core().journal().segmentBytes()).isEqualTo(1 << 20);
        assertThat(config.core().journal().historyEvents()).isEqualTo(500);
        assertThat(config.core().journal().historyAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.core().journal().retentionAge()).isEqualTo(Duration.ofDays(2));
        assertThat(config.core().snapshotEveryBatches()).isEqualTo(10);
        assertThat(config.frontDoor().messagesPerSecond()).isEqualTo(5);
        assertThat(config.frontDoor().idleTimeout()).isEqualTo(Duration.ofSeconds(15));
        var market = config.markets().market("BTC-EUR");
        assertThat(market.takerFeePpm()).isEqualTo(2500);
        assertThat(market.makerFeePpm()).isZero();
        assertThat(market.minQty()).isEqualTo(10);
    }

    @Test
    void everyNodeKindReadsTheFrontDoorAndRefusesAnotherKindsKeys() throws Exception {
        String frontDoor = "host: 0.0.0.0\nport: 9000\ntrusted_proxies: [10.0.0.0/8, \"2001:db8::/32\"]\n"
                + "cors_allowed_origins: [https://app.example.com]\nhistory_events: 500\n"
                + "limits: {max_connections_per_address: 50, max_body_bytes: 32KiB, rest_read_queue: 64,"
                + " messages_per_second: 20}\n";
        for (NodeKind kind : NodeKind.values()) {
            ServerConfig c = ServerConfig.from(kind, tree(frontDoor), null, null, null);
            assertThat(c.frontDoor().host()).as(kind.command()).isEqualTo("0.0.0.0");
            assertThat(c.frontDoor().port()).isEqualTo(9000);
            assertThat(c.frontDoor().trustedProxies().trusts(InetAddress.getByName("10.1.2.3"))).isTrue();
            assertThat(c.frontDoor().trustedProxies().trusts(InetAddress.getByName("11.1.2.3"))).isFalse();
            assertThat(c.frontDoor().maxConnectionsPerAddress()).isEqualTo(50);
            assertThat(c.frontDoor().maxBodyBytes()).isEqualTo(32 * 1024);
            assertThat(c.frontDoor().restQueue()).isEqualTo(64);
            assertThat(c.frontDoor().messagesPerSecond()).isEqualTo(20);
            assertThat(c.frontDoor().corsOrigins()).containsExactly("https://app.example.com");
            assertThat(c.core().journal().historyEvents()).isEqualTo(500);
        }
        assertThatThrownBy(() -> ServerConfig.from(NodeKind.GATEWAY, tree("markets: []"), null, null, null))
                .hasMessage("markets: not a key of a gateway node (it is serve's)");
        assertThatThrownBy(() -> ServerConfig.from(NodeKind.RELAY, tree("nats: {servers: nats://x:1}"), null, null,
                null)).hasMessage("nats: not a key of a relay node (it is serve and gateway's)");
        assertThatThrownBy(() -> ServerConfig.from(NodeKind.SERVE, tree("secret_file: /x"), null, null, null))
                .hasMessage("secret_file: not a key of a serve node (it is gateway's)");
        assertThatThrownBy(() -> ServerConfig.from(NodeKind.RELAY, tree("colour: red"), null, null, null))
                .hasMessageStartingWith("colour: unknown key");
        assertThatThrownBy(() -> parse("trusted_proxies: [proxy.example.com]"))
                .hasMessageStartingWith("trusted_proxies: a trusted proxy is an IP address or a CIDR block");
        assertThatThrownBy(() -> parse("trusted_proxies: [10.0.0.0/33]")).hasMessageContaining("0 to 32");
        assertThat(ServerConfig.from(NodeKind.RELAY, null, null, null, null).data())
                .isEqualTo(Path.of("./data-relay"));
        assertThat(ServerConfig.from(NodeKind.RELAY, null, null, null, null).port()).isEqualTo(8090);
    }

    @Test
    void natsCredentialsAndTlsComeFromFiles(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "secret\n");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        JetStreamConfig nats = parse("nats: {servers: nats://127.0.0.1:4222, auth: {user: core, password_file: "
                + password + "}, tls: {ca: " + ca + "}}").nats();
        assertThat(nats.credentials()).isEqualTo(new NatsCredentials.UserPassword("core", password));
        assertThat(nats.tls()).isEqualTo(new NatsTls(ca, null, null));
        assertThat(parse("nats: {servers: nats://h:1, auth: {creds_file: " + password + "}}").nats().credentials())
                .isEqualTo(new NatsCredentials.Creds(password));
        assertThatThrownBy(() -> parse("nats: {servers: nats://h:1, auth: {user: core, password: secret}}"))
                .hasMessageStartingWith("nats.auth.password: unknown key");
        assertThatThrownBy(() -> parse("nats: {servers: nats://h:1, auth: {token_file: " + password + ", nkey_file: "
                + password + "}}")).hasMessageContaining("give one kind of NATS credentials");
        assertThatThrownBy(() -> parse("nats: {servers: nats://h:1, auth: {token_file: /nonexistent/t}}"))
                .hasMessage("nats.auth.token_file: cannot read the file /nonexistent/t");
        assertThatThrownBy(() -> parse("nats: {servers: nats://h:1, tls: {cert: " + ca + "}}"))
                .hasMessageContaining("give both or neither");
    }

    private static JsonNode tree(String yaml) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(yaml);
    }

    @Test
    void mistakesAreOneMessageNamingTheKey() {
        assertThatThrownBy(() -> parse("prot: 80")).hasMessage(
                "prot: unknown key (known: host, port, data, tls, io_threads, limits, cors_allowed_origins, "
                        + "trusted_proxies, history_events, durability, segment_bytes, history_age, retention_age, "
                        + "retention_bytes, snapshot_every_batches, snapshot_every, assets, markets, nats)");
        assertThatThrownBy(() -> parse("tls:\n  cert: /nonexistent/server.crt\n  key: /nonexistent/server.key"))
                .hasMessage("tls.cert: cannot read /nonexistent/server.crt");
        assertThatThrownBy(() -> parse("tls:\n  cert: /nonexistent/server.crt")).hasMessage("tls.key: is required");
        assertThatThrownBy(() -> parse("host: \"\"")).hasMessageStartingWith("host: must be an address");
        assertThatThrownBy(() -> parse("port: 70000")).hasMessageStartingWith("port: must be between 0 and 65535");
        assertThatThrownBy(() -> parse("port: eighty")).hasMessageStartingWith("port: must be a whole number");
        assertThatThrownBy(() -> parse("durability: sometimes")).hasMessage("durability: must be fsync or none");
        assertThatThrownBy(()
                -> parse("limits:\n  idle_timeout: 1 hour")).hasMessageStartingWith("limits.idle_timeout:");
        assertThatThrownBy(() -> parse("limits:\n  bogus: 1")).hasMessageStartingWith("limits.bogus: unknown key");
        assertThatThrownBy(()
                -> parse("limits:\n  ping_interval: 0s")).hasMessage("limits.ping_interval: must be longer than zero");
        assertThatThrownBy(() -> parse("assets: [{name: BTC}]\nmarkets: [{base: BTC, quote: XYZ}]"))
                .hasMessageContaining("markets[0]").hasMessageContaining("unknown asset XYZ");
        assertThatThrownBy(() -> parse("assets: [{name: BTC}, {name: EUR, scale: 2}]\n"
                + "markets: [{base: BTC, quote: EUR, taker_fee: \"1e-3\"}]"))
                .hasMessageStartingWith("markets[0].taker_fee:");
        assertThatThrownBy(() -> parse("assets: [{name: BTC}, {name: EUR, scale: 2}]\n"
                + "markets: [{base: BTC, quote: EUR, price_scale: 2, qty_scale: 4}]"))
                .hasMessageContaining("settlement needs at least priceScale + qtyScale");
        assertThatThrownBy(() -> parse("- just a list")).hasMessageContaining("must be a mapping");
    }

    /** The example file and the copy in docs/server.md both load, and say what the defaults say. */
    @Test
    void theExampleFileAndTheDocumentedOneLoadToTheDefaults() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "server.md"));
        int section = docs.indexOf("## Configuration file");
        int start = docs.indexOf("```yaml\n", section) + 8;
        String documented = docs.substring(start, docs.indexOf("```", start));
        ServerConfig fromDocs = parse(documented);
        ServerConfig fromFile = ServerConfig.load(Path.of("..", "examples", "tickwire.yaml"), null, null);
        ServerConfig defaults = ServerConfig.from(null, null, null);
        for (ServerConfig loaded : new ServerConfig[] {fromDocs, fromFile}) {
            assertThat(loaded.frontDoor()).isEqualTo(defaults.frontDoor());
            assertThat(loaded.core()).isEqualTo(defaults.core());
            assertThat(loaded.data()).isEqualTo(defaults.data());
            assertThat(loaded.markets().markets()).hasSize(1);
            assertThat(loaded.markets().market("BTC-USDT")).isNotNull();
        }
        assertThat(fromFile.frontDoor().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void corsOriginsAreOriginsOrAStar() throws Exception {
        assertThat(parse("cors_allowed_origins: [\"https://app.example.com\", \"http://localhost:3000\"]")
                .frontDoor().corsOrigins()).containsExactly("https://app.example.com", "http://localhost:3000");
        assertThat(parse("cors_allowed_origins: \"*\"").frontDoor().corsOrigins()).containsExactly("*");
        assertThat(parse("port: 8080").frontDoor().corsOrigins()).isEmpty();
        for (String bad : List.of("app.example.com", "https://app.example.com/", "https://a.example/path", "")) {
            assertThatThrownBy(() -> parse("cors_allowed_origins: [\"" + bad + "\"]")).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("cors_allowed_origins: ");
        }
        assertThatThrownBy(() -> parse("cors_allowed_origins: [1]")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("a string or a list of strings");
    }
}
