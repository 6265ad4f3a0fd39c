package io.tickwire.nats.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.command.CommandCodec;
import io.tickwire.nats.publish.JetStreamPublisher;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.ReceiptStatus;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.TestVenue;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.config.NatsCredentials;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.nats.NatsServer;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backbone locked down as docs/cluster.md says: a real nats-server with the shipped
 * {@code config/nats/tickwire-permissions.conf}, a core and a gateway node each with its own
 * user. The venue works through the gateway; an anonymous client is refused; the gateway's
 * credentials cannot write the stream (a forged batch is refused by NATS, and the real batch is
 * what the stream holds) nor read the core's command subject; and a deposit forged on the command
 * subject is refused by the core itself, which a gateway's credentials may publish to. A token
 * revoked on the core is refused by the gateway nodes too.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BackboneSecurityTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path PERMISSIONS = Path.of("../config/nats/tickwire-permissions.conf");
    private static final String CORE_PASSWORD = "core-secret-0f3a";
    private static final String GATEWAY_PASSWORD = "gateway-secret-91bc";

    @TempDir
    Path dir;

    private NatsServer lockedDown() throws Exception {
        Path home = dir.resolve("nats");
        Files.createDirectories(home);
        Files.copy(PERMISSIONS, home.resolve("tickwire-permissions.conf"));
        return NatsServer.startWith(home, "include \"tickwire-permissions.conf\"", Map.of(
                "TICKWIRE_CORE_NATS_PASSWORD", CORE_PASSWORD, "TICKWIRE_GATEWAY_NATS_PASSWORD", GATEWAY_PASSWORD));
    }

    private JetStreamConfig as(NatsServer nats, String user, String password) throws Exception {
        Path file = dir.resolve(user + ".password");
        Files.writeString(file, password + "\n");
        return JetStreamConfig.defaults(nats.url(), "TICKWIRE")
                .withCredentials(new NatsCredentials.UserPassword(user, file));
    }

    /** A raw jnats connection as the gateway user, whose server errors land in {@code errors}. */
    private static Connection rawGateway(NatsServer nats, CompletableFuture<String> errors) throws Exception {
        return Nats.connect(new Options.Builder().server(nats.url())
                .userInfo("tickwire-gateway", GATEWAY_PASSWORD)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.complete(error);
                    }
                })
                .build());
    }

    @Test
    @SuppressWarnings("try") // jnats's Connection.close() may throw InterruptedException: the test method throws it on
    void theShippedPermissionsLetTheVenueWorkAndNothingElse() throws Exception {
        try (NatsServer nats = lockedDown()) {
            JetStreamConfig core = as(nats, "tickwire-core", CORE_PASSWORD);
            JetStreamConfig gatewayUser = as(nats, "tickwire-gateway", GATEWAY_PASSWORD);
            Path coreDir = dir.resolve("core");
            JetStreamPublisher publisher = new JetStreamPublisher(core);
            try (TestVenue venue = new TestVenue(coreDir, FrontDoorConfig.defaults(0), List.of(publisher))) {
                venue.trade(1);
                venue.barrier();
                try (GatewayNode node = GatewayNode.start(gatewayUser, FrontDoorConfig.defaults(0), dir.resolve("g1"),
                        coreDir.resolve(TokenService.SECRET_FILE), 10_000)) {
                    // The venue works: an order through the gateway is received by the core and receipted.
                    try (WsTestClient client = WsTestClient.connect(node.port(), venue.token(TestVenue.BUYER))) {
                        client.await(ServerMessage.AuthOk.class);
                        client.send("{\"type\":\"order.place\",\"id\":7,\"market\":\"BTC-USDT\",\"side\":\"buy\","
                                + "\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"100.00\",\"qty\":\"0.001\"}");
                        assertThat(client.await(ServerMessage.Receipt.class).status())
                                .isEqualTo(ReceiptStatus.ACCEPTED);
                    }

                    // A token revoked on the core is revoked on the gateway at once: its connection
                    // there is closed 4001 and the token refused; a node started after learns it too.
                    String admin = venue.server().tokens().issue(0, EnumSet.allOf(Scope.class), Duration.ofHours(1));
                    String doomed = venue.server().tokens().issue(TestVenue.SELLER, EnumSet.of(Scope.READ),
                            Duration.ofHours(1));
                    String jti = ((TokenService.Verdict.Valid) venue.server().tokens().verify(doomed))
                            .principal().tokenId();
                    try (WsTestClient client = WsTestClient.connect(node.port(), doomed)) {
                        client.await(ServerMessage.AuthOk.class);
                        HttpResponse<String> revoked = post(venue.port(), "/api/v1/admin/tokens/revoke", admin,
                                "{\"jti\":\"" + jti + "\"}");
                        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
                        assertThat(client.awaitClose()).isEqualTo(4001);
                    }
                    assertThat(get(node.port(), "/api/v1/balances", doomed).statusCode()).isEqualTo(401);
                    assertThat(get(node.port(), "/api/v1/balances", venue.token(TestVenue.SELLER)).statusCode())
                            .as("the user's other tokens").isEqualTo(200);
                    try (GatewayNode later = GatewayNode.start(gatewayUser, FrontDoorConfig.defaults(0),
                            dir.resolve("g2"), coreDir.resolve(TokenService.SECRET_FILE), 10_000)) {
                        assertThat(get(later.port(), "/api/v1/balances", doomed).statusCode()).isEqualTo(401);
                    }

                    // Anonymous: refused at the door.
                    assertThatThrownBy(() -> Nats.connect(new Options.Builder().server(nats.url())
                            .maxReconnects(0).build()))
                            .hasMessageContaining("Authorization Violation");

                    // The gateway's credentials cannot write a batch: NATS refuses the publish, and
                    // the stream's last message stays the core's own.
                    long lastBatch = venue.server().core().journal().lastBatch();
                    await().atMost(WAIT).until(() -> publisher.lastAcknowledged() >= lastBatch);
                    CompletableFuture<String> refused = new CompletableFuture<>();
                    try (Connection forger = rawGateway(nats, refused)) {
                        String epoch = venue.server().core().journal().epoch();
                        Headers forged = new Headers().add("Nats-Msg-Id", epoch + ":" + (lastBatch + 1))
                                .add(BatchFrame.EPOCH, epoch).add(BatchFrame.BATCH, Long.toString(lastBatch + 1));
                        forger.publish("tickwire.batches", forged, "forged".getBytes(StandardCharsets.UTF_8));
                        forger.flush(Duration.ofSeconds(5));
                        assertThat(refused.get(30, TimeUnit.SECONDS))
                                .contains("Permissions Violation").contains("tickwire.batches");
                    }
                    venue.trade(2);
                    venue.barrier();
                    long afterForgery = venue.server().core().journal().lastBatch();
                    await().atMost(WAIT).until(() -> publisher.lastAcknowledged() >= afterForgery
                            && node.lastBatch() >= afterForgery);
                    try (Connection reader = Nats.connect(new Options.Builder().server(nats.url())
                            .userInfo("tickwire-core", CORE_PASSWORD).build())) {
                        JetStreamManagement jsm = reader.jetStreamManagement();
                        MessageInfo last = jsm.getLastMessage("TICKWIRE", "tickwire.batches");
                        assertThat(new String(last.getData(), StandardCharsets.ISO_8859_1)).isNotEqualTo("forged");
                        // The core's own, up to date (its clock may have added a ticker batch since).
                        assertThat(Long.parseLong(last.getHeaders().getFirst(BatchFrame.BATCH)))
                                .isGreaterThanOrEqualTo(afterForgery);
                        for (long seq = 1; seq <= jsm.getStreamInfo("TICKWIRE").getStreamState().getLastSequence();
                             seq++) {
                            assertThat(jsm.getMessage("TICKWIRE", seq).getData())
                                    .isNotEqualTo("forged".getBytes(StandardCharsets.UTF_8));
                        }
                    }

                    // Nor read the orders other gateways forward.
                    CompletableFuture<String> sniffRefused = new CompletableFuture<>();
                    try (Connection sniffer = rawGateway(nats, sniffRefused)) {
                        sniffer.subscribe("tickwire.commands");
                        sniffer.flush(Duration.ofSeconds(5));
                        assertThat(sniffRefused.get(30, TimeUnit.SECONDS))
                                .contains("Permissions Violation").contains("tickwire.commands");
                    }

                    // A deposit forged on the command subject, which gateway credentials may publish to,
                    // is refused by the core: answered F, and no balance moves.
                    String before = balances(venue.port(), venue.token(TestVenue.BUYER));
                    try (Connection forger = rawGateway(nats, new CompletableFuture<>())) {
                        for (Command forgedCommand : List.<Command>of(
                                new Command.Deposit(1L << 62, TestVenue.BUYER, "USDT", Decimal.parse("1000000")),
                                new Command.Withdraw((1L << 62) + 1, TestVenue.BUYER, "USDT", Decimal.parse("1")),
                                new Command.Tick((1L << 62) + 2),
                                new Command.FireCancelAllAfter((1L << 62) + 3, TestVenue.BUYER, 1))) {
                            Message reply = forger.request("tickwire.commands", CommandCodec.encode(forgedCommand),
                                    Duration.ofSeconds(10));
                            assertThat(reply).as(forgedCommand.toString()).isNotNull();
                            assertThat(new String(reply.getData(), StandardCharsets.US_ASCII)).isEqualTo("F");
                        }
                    }
                    venue.barrier();
                    assertThat(balances(venue.port(), venue.token(TestVenue.BUYER))).isEqualTo(before);
                    assertThat(venue.server().metricsText())
                            .containsPattern("tickwire_nats_forbidden_commands_total(\\{[^}]*\\})? 4\\.0");

                    // And a gateway node serves no admin money movement, even with an admin token.
                    HttpResponse<String> deposit = post(node.port(), "/api/v1/admin/deposit", admin,
                            "{\"user_id\":\"1001\",\"asset\":\"USDT\",\"amount\":\"5\"}");
                    assertThat(deposit.statusCode()).isEqualTo(403);
                    assertThat(deposit.body()).contains("\"code\":\"forbidden\"");
                }
            }
            // The only refusals NATS logged are the two forgeries: the core and the gateway node
            // never needed a subject the file does not give them.
            assertThat(nats.log().lines().filter(l -> l.contains(" Violation - User")))
                    .satisfiesExactlyInAnyOrder(
                            l -> assertThat(l).contains("Publish Violation", "\"tickwire.batches\""),
                            l -> assertThat(l).contains("Subscription Violation", "\"tickwire.commands\""));
        }
    }

    private static String balances(int port, String token) throws Exception {
        return get(port, "/api/v1/balances", token).body();
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String token, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
