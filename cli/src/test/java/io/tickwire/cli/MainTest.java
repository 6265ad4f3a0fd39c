package io.tickwire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.nats.publish.JetStreamPublisher;
import io.tickwire.server.TestServers;
import io.tickwire.server.TestVenue;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.nats.NatsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("serve");
    }

    @Test
    void noCommandPrintsUsageAndExitsWithTheUsageCode() {
        assertThat(run()).isEqualTo(Main.EXIT_USAGE);
        assertThat(out.toString()).contains("Usage: tickwire");
    }

    @Test
    void anUnknownOptionIsAOneLineErrorNotAStackTrace() {
        assertThat(run("serve", "--no-such-option")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'").doesNotContain("Exception");
    }

    @Test
    void aBadPortIsAOneLineError() {
        assertThat(run("serve", "--port", "eighty")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--port").doesNotContain("at io.tickwire");
    }

    @Test
    void serveWithNatsPublishesToTheStreamItNames(@TempDir Path dir) throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            assertThat(run("serve", "--port", "0", "--data", dir.resolve("core").toString(), "--demo",
                    "--nats", nats.url(), "--nats-stream", "VENUE", "--exit-after-start")).isZero();
            assertThat(out.toString()).contains("publishing durable batches to JetStream stream VENUE on "
                    + nats.url() + " (subject venue.batches)");
            assertThat(dir.resolve("core").resolve("nats").resolve("VENUE.published")).exists();
        }
    }

    @Test
    void aGatewayNodeStartsFromTheCoresStateAndSaysWhereItListens(@TempDir Path dir) throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"));
             TestVenue core = new TestVenue(dir.resolve("core"), FrontDoorConfig.defaults(0),
                     List.of(new JetStreamPublisher(JetStreamConfig.defaults(nats.url(), "TICKWIRE"))))) {
            core.barrier();
            assertThat(run("gateway", "--nats", nats.url(), "--port", "0", "--data", dir.resolve("g").toString(),
                    "--secret-file", dir.resolve("core").resolve("jwt.secret").toString(), "--exit-after-start"))
                    .as(err.toString()).isZero();
            assertThat(out.toString()).contains("gateway node listening on ws://127.0.0.1:",
                    "following stream TICKWIRE on " + nats.url() + " from batch ");
        }
    }

    @Test
    void aGatewayWithoutTheCoresSecretOrWithABadUrlIsAOneLineError(@TempDir Path dir) {
        assertThat(run("gateway", "--nats", "nats://127.0.0.1:4222", "--port", "0", "--data", dir.toString(),
                "--secret-file", dir.resolve("nope").toString())).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(err.toString()).contains("no token secret here").doesNotContain("Exception");
        assertThat(run("gateway", "--nats", "127.0.0.1:4222", "--secret-file", "x")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("a server URL is nats://HOST:PORT");
    }

    @Test
    void aRelayFollowsANodeAndSaysWhereItServes(@TempDir Path dir) throws Exception {
        try (TestVenue upstream = new TestVenue(dir.resolve("core"))) {
            assertThat(run("relay", "--upstream", "ws://127.0.0.1:" + upstream.port(), "--port", "0", "--data",
                    dir.resolve("relay").toString(), "--exit-after-start")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("relay listening on ws://127.0.0.1:",
                    "following ws://127.0.0.1:" + upstream.port());
        }
    }

    @Test
    void aRelayTakesItsTokenFromAFileAndNeverPrintsIt(@TempDir Path dir) throws Exception {
        try (TestVenue upstream = new TestVenue(dir.resolve("core"))) {
            String token = upstream.token(TestVenue.BUYER);
            Path file = dir.resolve("upstream.token");
            Files.writeString(file, token + "\n");
            assertThat(run("relay", "--upstream", "ws://127.0.0.1:" + upstream.port(), "--token-file", file.toString(),
                    "--port", "0", "--data", dir.resolve("relay").toString(), "--exit-after-start"))
                    .as(err.toString()).isZero();
            assertThat(out.toString() + err).contains("following ws://127.0.0.1:").doesNotContain(token);
        }
        Path secretLooking = dir.resolve("not-a-token");
        Files.writeString(secretLooking, "hunter2 and more\n");
        assertThat(run("relay", "--upstream", "ws://127.0.0.1:1/ws", "--token-file", secretLooking.toString(),
                "--data", dir.resolve("r").toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--token-file: " + secretLooking + " must hold one token")
                .doesNotContain("hunter2");
        assertThat(run("relay", "--upstream", "ws://127.0.0.1:1/ws", "--token-file", dir.resolve("nope").toString(),
                "--data", dir.resolve("r").toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--token-file: cannot read");
        assertThat(run("relay", "--upstream", "ws://127.0.0.1:1/ws", "--token-file", secretLooking.toString(),
                "--token", "x", "--data", dir.resolve("r").toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("give --token-file or --token, not both");
    }

    @Test
    void serveAndTokenRefuseASecretOthersMayRead(@TempDir Path dir) throws Exception {
        assertThat(run("token", "--user", "1001", "--init", "--data", dir.toString())).isZero();
        out.getBuffer().setLength(0);
        Path secret = dir.resolve("jwt.secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        String fix = "chmod 600 " + secret.toAbsolutePath().normalize();
        assertThat(run("serve", "--port", "0", "--data", dir.toString(), "--exit-after-start")).isNotZero();
        assertThat(err.toString()).contains(fix).doesNotContain("Exception").doesNotContain("\tat ");
        err.getBuffer().setLength(0);
        assertThat(run("token", "--user", "1001", "--data", dir.toString())).isNotZero();
        assertThat(err.toString()).contains(fix).doesNotContain("Exception");
        err.getBuffer().setLength(0);
        assertThat(run("gateway", "--nats", "nats://127.0.0.1:4222", "--port", "0", "--data",
                dir.resolve("g").toString(), "--secret-file", secret.toString())).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(err.toString()).contains(fix).doesNotContain("Exception");
        assertThat(out.toString()).as("no token was printed").isEmpty();
    }

    @Test
    void serveOffersAnAdminTokenOnlyOnTheStartThatCreatesTheSecret(@TempDir Path dir) {
        assertThat(run("serve", "--port", "0", "--data", dir.toString(), "--exit-after-start")).isZero();
        assertThat(out.toString()).containsPattern("admin token \\(24h\\): ey");
        out.getBuffer().setLength(0);
        assertThat(run("serve", "--port", "0", "--data", dir.toString(), "--exit-after-start")).isZero();
        assertThat(out.toString()).doesNotContain("admin token (24h)").doesNotContainPattern("eyJ[A-Za-z0-9_-]+\\.")
                .contains("admin tokens: tickwire token --user 0");
    }

    @Test
    void relayOptionsThatCannotWorkAreOneLineErrors(@TempDir Path dir) throws Exception {
        assertThat(run("relay", "--port", "0", "--data", dir.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("give either --upstream ws://HOST:PORT/ws or --capture FEED.yaml");
        assertThat(run("relay", "--upstream", "http://x:1/ws", "--data", dir.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--upstream must be ws:// or wss://");
        assertThat(run("relay", "--upstream", "ws://x:1/ws", "--topic", "account", "--data", dir.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--topic account: a relay follows the public topics");
        Path feed = dir.resolve("feed.yaml");
        Files.writeString(feed, "url: ws://127.0.0.1:1/x\ntopic: {pointer: /stream}\nping: {every: 5s}\n");
        assertThat(run("relay", "--capture", feed.toString(), "--data", dir.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("ping.every: unknown key").doesNotContain("Exception");
        assertThat(run("relay", "--upstream", "ws://127.0.0.1:1/ws", "--port", "0", "--data",
                dir.resolve("r").toString())).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(err.toString()).contains("does not answer").doesNotContain("\tat ");
    }

    @Test
    void natsOptionsThatCannotWorkAreOneLineErrors(@TempDir Path dir) {
        assertThat(run("serve", "--port", "0", "--data", dir.toString(), "--nats-stream", "X", "--exit-after-start"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--nats-stream needs --nats").doesNotContain("Exception");
        assertThat(run("serve", "--port", "0", "--data", dir.toString(), "--nats", "localhost:4222",
                "--exit-after-start")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("a server URL is nats://HOST:PORT; was 'localhost:4222'");
    }

    @Test
    void natsSecretsComeFromFilesAndOneKindAtATime(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "s3cret\n");
        assertThat(run("serve", "--port", "0", "--data", dir.toString(), "--nats", "nats://127.0.0.1:1",
                "--nats-user", "core", "--exit-after-start")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--nats-user and --nats-password-file go together");
        assertThat(run("gateway", "--nats", "nats://127.0.0.1:1", "--nats-token-file", password.toString(),
                "--nats-creds", password.toString(), "--secret-file", "x")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("give one kind of NATS credentials");
        assertThat(run("gateway", "--nats", "nats://127.0.0.1:1", "--nats-nkey-file", dir.resolve("none").toString(),
                "--secret-file", "x")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--nats-nkey-file: cannot read the file");
        assertThat(out.toString() + err.toString()).doesNotContain("s3cret");
    }

    @Test
    void gatewayAndRelayReadTheOneConfigurationFormat(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("gateway.yaml"), "markets: []\n");
        assertThat(run("gateway", "--config", config.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("configuration error: markets: not a key of a gateway node (it is"
                + " serve's)");
        Files.writeString(config, "port: 0\nlimits: {max_connections_per_address: 0}\n");
        assertThat(run("relay", "--config", config.toString(), "--upstream", "ws://127.0.0.1:1/ws"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("limits.max_connections_per_address");
        Files.writeString(config, "nats: {servers: nats://127.0.0.1:1}\n");
        assertThat(run("gateway", "--config", config.toString(), "--data", dir.resolve("g").toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("needs the core's token secret: --secret-file FILE (or secret_file");
        assertThat(run("gateway", "--data", dir.resolve("g").toString(), "--secret-file", "x"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("a gateway node needs NATS: --nats");
    }

    @Test
    void serveStartsOnItsDataAndPrintsTheUrlAndDemoTokens(@TempDir Path dir) {
        assertThat(run("serve", "--port", "0", "--data", dir.toString(), "--demo", "--exit-after-start")).isZero();
        assertThat(out.toString()).contains("listening on ws://127.0.0.1:", "user 1001 token", "admin token",
                "console (user 1001): http://127.0.0.1:");
        assertThat(out.toString()).containsPattern("console \\(user 1001\\): http://127\\.0\\.0\\.1:\\d+/\\?token=ey");
        assertThat(dir.resolve("jwt.secret")).exists();
        assertThat(dir.resolve("journal")).isDirectory();
    }

    @Test
    void tokenPrintsATokenTheServerAccepts(@TempDir Path dir) throws Exception {
        assertThat(run("token", "--user", "1001", "--init", "--data", dir.toString())).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("token", "--user", "1001", "--scope", "read trade", "--ttl", "2h", "--data",
                dir.toString())).isZero();
        String token = out.toString().strip();
        var verdict = TokenService.forDataDirectory(dir).verify(token);
        assertThat(verdict).isInstanceOfSatisfying(TokenService.Verdict.Valid.class, v -> {
            assertThat(v.principal().userId()).isEqualTo(1001);
            assertThat(v.principal().scopes()).containsExactlyInAnyOrder(Scope.READ,
                    Scope.TRADE);
        });
        assertThat(run("token", "--user", "1", "--scope", "root", "--data", dir.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("unknown scope 'root'");
        assertThat(run("token", "--user", "1", "--ttl", "forever", "--data",
                dir.toString())).isEqualTo(Main.EXIT_USAGE);
        for (String ttl : new String[] {"0s", "0d", "-1h"}) {
            err.getBuffer().setLength(0);
            assertThat(run("token", "--user", "1", "--ttl", ttl, "--data", dir.toString())).as(ttl)
                    .isEqualTo(Main.EXIT_USAGE);
            assertThat(err.toString()).contains("--ttl");
        }
    }

    @Test
    void tokenRefusesADirectoryWithoutASecretAndCreatesNothing(@TempDir Path dir) {
        Path wrong = dir.resolve("dat");
        assertThat(run("token", "--user", "1001", "--data", wrong.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(wrong.toAbsolutePath().normalize().resolve("jwt.secret").toString())
                .contains("--init").doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
        assertThat(wrong).doesNotExist();
    }

    @Test
    void aSecondServeOnTheSameDataExitsAtOnceNamingTheHolder(@TempDir Path dir)
            throws Exception {
        try (var first = TestServers.start(dir)) {
            assertThat(first.port()).isPositive();
            assertThat(run("serve", "--port", "0", "--data", dir.toString(), "--exit-after-start"))
                    .isEqualTo(Main.EXIT_UNAVAILABLE);
            assertThat(err.toString()).contains(dir.toAbsolutePath().normalize().toString())
                    .contains("in use by another Tickwire process").contains("pid " + ProcessHandle.current().pid())
                    .doesNotContain("Exception");
            assertThat(out.toString()).isEmpty();
        }
    }

    @Test
    void aPortInUseIsNamed(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(run("serve", "--port", Integer.toString(taken.getLocalPort()), "--data", dir.toString(),
                    "--exit-after-start")).isEqualTo(Main.EXIT_UNAVAILABLE);
            assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("in use").doesNotContain("Exception");
            assertThat(dir.resolve("journal")).doesNotExist();
        }
    }

    @Test
    void aBadConfigurationIsOneMessageNamingTheKeyAndExitCode2(@TempDir Path dir)
            throws Exception {
        Path config = dir.resolve("tickwire.yaml");
        Files.writeString(config, "port: 9000\nlimits:\n  ping_interval: soon\n");
        assertThat(run("serve", "--config", config.toString(), "--data", dir.toString(), "--exit-after-start"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("limits.ping_interval: must be a duration").doesNotContain("Exception");
    }

    @Test
    void aConfigurationFileSetsTheMarkets(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tickwire.yaml");
        Files.writeString(config, String.join("\n",
                "assets:", "  - {name: SOL, scale: 9}", "  - {name: USDC, scale: 8}",
                "markets:", "  - {base: SOL, quote: USDC, price_scale: 3, qty_scale: 3, min_qty: \"0.01\"}", ""));
        assertThat(run("serve", "--config", config.toString(), "--port", "0", "--data", dir.resolve("d").toString(),
                "--exit-after-start")).isZero();
        assertThat(out.toString()).contains("markets: SOL-USDC");
    }
}
