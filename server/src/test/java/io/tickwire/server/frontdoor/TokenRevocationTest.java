package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token revocation (protocol 1.2) on a real server: by {@code jti} and by user, refused over REST
 * with 401 and on the upgrade, open WebSockets that use a revoked token closed with 4001, other
 * tokens untouched, bad requests answered 400 with the error JSON, and all of it kept across a
 * restart.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TokenRevocationTest {
    private static final String REVOKE = "/api/v1/admin/tokens/revoke";

    @TempDir
    Path dir;
    TickwireServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String token(long user, Scope... scopes) {
        return server.tokens().issue(user, EnumSet.of(scopes[0], scopes), Duration.ofHours(1));
    }

    private String jti(String token) {
        return ((TokenService.Verdict.Valid) server.tokens().verify(token)).principal().tokenId();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void closedAsRevoked(WsTestClient client) throws InterruptedException {
        ServerMessage.ErrorMessage error = client.await(m -> m instanceof ServerMessage.ErrorMessage e
                && e.errorCode() == ErrorCode.UNAUTHORIZED);
        assertThat(error.message()).isEqualTo("token revoked");
        assertThat(client.awaitClose()).isEqualTo(4001);
    }

    @Test
    void revokedTokensAreRefusedTheirConnectionsClosedAndARestartKeepsThem() throws Exception {
        server = TestServers.start(dir);
        String admin = token(0, Scope.ADMIN);
        String alice1 = token(1001, Scope.READ, Scope.TRADE);
        String alice2 = token(1001, Scope.READ, Scope.TRADE);
        String bob = token(1002, Scope.READ);
        try (WsTestClient aliceWs = WsTestClient.connect(server.port(), alice1);
             WsTestClient alice2Ws = WsTestClient.connect(server.port(), alice2);
             WsTestClient bobWs = WsTestClient.connect(server.port(), null)) {
            aliceWs.await(ServerMessage.AuthOk.class);
            alice2Ws.await(ServerMessage.AuthOk.class);
            bobWs.send("{\"type\":\"auth\",\"id\":1,\"token\":\"" + bob + "\"}"); // by message, not on the upgrade
            bobWs.await(ServerMessage.AuthOk.class);

            // By jti: that one token, not the user's others.
            String id = jti(alice1);
            HttpResponse<String> revoked = call("POST", REVOKE, admin, "{\"jti\":\"" + id + "\"}");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(revoked.body()).isEqualTo("{\"revoked\":{\"jti\":\"" + id + "\"},\"revocations\":1}");
            closedAsRevoked(aliceWs);
            HttpResponse<String> refused = call("GET", "/api/v1/balances", alice1, null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo("{\"code\":\"unauthorized\",\"message\":\"token revoked\"}");
            assertThat(call("GET", "/api/v1/balances", alice2, null).statusCode()).isEqualTo(200);
            alice2Ws.send("{\"type\":\"ping\",\"id\":2}");
            assertThat(alice2Ws.<ServerMessage.Pong>await(ServerMessage.Pong.class).id()).isEqualTo(2L);

            // By user: every token of bob's issued before the instant.
            Instant cut = Instant.now().plusSeconds(1); // JWT iat has whole seconds
            revoked = call("POST", REVOKE, admin, "{\"user_id\":\"1002\",\"issued_before\":\"" + cut + "\"}");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(revoked.body()).contains("\"user_id\":\"1002\"", "\"revocations\":2");
            closedAsRevoked(bobWs);
            assertThat(call("GET", "/api/v1/balances", bob, null).statusCode()).isEqualTo(401);
            assertThat(alice2Ws.closeCode()).as("another user's connection stays open").isEqualTo(-1);
        }
        // A token issued after the cut is good (a clock two seconds on stands for "later").
        byte[] secret = HexFormat.of().parseHex(Files.readString(dir.resolve(TokenService.SECRET_FILE)).strip());
        TokenService later = new TokenService(secret, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(3)));
        String bobLater = later.issue(1002, EnumSet.of(Scope.READ), Duration.ofHours(1));
        assertThat(call("GET", "/api/v1/balances", bobLater, null).statusCode()).isEqualTo(200);

        server.close();
        server = TestServers.start(dir);
        assertThat(call("GET", "/api/v1/balances", alice1, null).statusCode()).as("after a restart").isEqualTo(401);
        assertThat(call("GET", "/api/v1/balances", bob, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/balances", alice2, null).statusCode()).isEqualTo(200);
        HttpResponse<String> upgrade = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/ws?token=" + alice1)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upgrade.statusCode()).as("a revoked token on the upgrade").isEqualTo(401);
    }

    @Test
    void badRequestsAreAnswered400AndOnlyAdminsMayRevoke() throws Exception {
        server = TestServers.start(dir);
        String admin = token(0, Scope.ADMIN);
        String trader = token(1001, Scope.READ, Scope.TRADE);
        String[][] cases = {
            {"not json", null},
            {"[]", null},
            {"{}", null},
            {"{\"jti\":\"a\",\"user_id\":\"1001\"}", null},
            {"{\"jti\":7}", "jti"},
            {"{\"jti\":\"\"}", "jti"},
            {"{\"user_id\":\"01001\",\"issued_before\":\"2026-01-01T00:00:00Z\"}", "user_id"},
            {"{\"user_id\":1001,\"issued_before\":\"2026-01-01T00:00:00Z\"}", "user_id"},
            {"{\"user_id\":\"1001\"}", "issued_before"},
            {"{\"user_id\":\"1001\",\"issued_before\":\"yesterday\"}", "issued_before"},
            {"{\"user_id\":\"1001\",\"issued_before\":\"2026-01-01T00:00:00\"}", "issued_before"},
            {"{\"user_id\":\"1001\",\"issued_before\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}",
                "issued_before"},
        };
        for (String[] c : cases) {
            HttpResponse<String> answer = call("POST", REVOKE, admin, c[0]);
            assertThat(answer.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(answer.body()).as(c[0]).startsWith("{\"code\":\"bad_request\",\"message\":\"")
                    .doesNotContain("Exception");
            if (c[1] != null) {
                assertThat(answer.body()).as(c[0]).endsWith("\"field\":\"" + c[1] + "\"}");
            }
        }
        assertThat(call("POST", REVOKE, null, "{\"jti\":\"x\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = call("POST", REVOKE, trader, "{\"jti\":\"" + jti(trader) + "\"}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/balances", trader, null).statusCode()).as("nothing was revoked")
                .isEqualTo(200);
        assertThat(server.tokens().revocations().entries()).isEmpty();
    }
}
