package io.tickwire.server.frontdoor;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Rate, subscription and connection limits; server pings. A real server, real clients. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class FrontDoorLimitsTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestServers servers = new TestServers();
    TickwireServer server;

    private void start(FrontDoorConfig config) throws Exception {
        server = servers.open(dir, config);
    }

    private String token(long user) {
        return server.tokens().issue(user, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
    }

    @Test
    void aFloodGetsRateLimitedErrorsAndThen4029() throws Exception {
        start(FrontDoorConfig.defaults(0).withMessagesPerSecond(20));
        try (WsTestClient c = WsTestClient.connect(server.port(), null)) {
            for (int i = 0; i < 200; i++) {
                try {
                    c.send("{\"type\":\"ping\",\"id\":" + i + "}");
                } catch (CompletionException closedByServer) {
                    break; // the server closed the flooding connection: what this test expects
                }
            }
            ServerMessage.ErrorMessage limited = c.await(m -> m instanceof ServerMessage.ErrorMessage e
                    && e.errorCode() == ErrorCode.RATE_LIMITED);
            assertThat(limited.message()).contains("20 messages per second");
            assertThat(limited.retryAfterMs()).as("retry_after_ms: until the bucket has a token again")
                    .isBetween(1L, 1000L);
            assertThat(c.awaitClose()).isEqualTo(4029);
        }
        try (WsTestClient polite = WsTestClient.connect(server.port(), null)) {
            polite.send("{\"type\":\"ping\",\"id\":1}");
            assertThat(polite.<ServerMessage.Pong>await(ServerMessage.Pong.class).id()).isEqualTo(1L);
        }
    }

    @Test
    void aBurstIsClosedWith4029AndGetsBoundedAnswersNotOnePerDroppedMessage() throws Exception {
        // The burst of issue 25: 400 messages against 100 per second once got ~300 rate_limited
        // answers and no close, since every token that refilled reset the count of refusals.
        start(FrontDoorConfig.defaults(0).withMessagesPerSecond(100));
        try (WsTestClient c = WsTestClient.connect(server.port(), null)) {
            for (int i = 0; i < 400; i++) {
                try {
                    c.send("{\"type\":\"ping\",\"id\":" + i + "}");
                } catch (CompletionException closedByServer) {
                    break;
                }
            }
            assertThat(c.awaitClose()).isEqualTo(4029);
            List<ServerMessage> all = new ArrayList<>(c.seen());
            all.addAll(c.received());
            long limited = all.stream().filter(m -> m instanceof ServerMessage.ErrorMessage e
                    && e.errorCode() == ErrorCode.RATE_LIMITED).count();
            assertThat(limited).as("rate_limited answers: at least one, at most %d a second (the burst may span"
                    + " two seconds)", FloodWatch.REPLIES_PER_SECOND)
                    .isBetween(1L, 2L * FloodWatch.REPLIES_PER_SECOND);
        }
    }

    @Test
    void restRequestsBeyondTheRatePerAddressGet429() throws Exception {
        start(FrontDoorConfig.defaults(0).withRestRequestsPerSecond(5));
        HttpClient http = HttpClient.newHttpClient();
        int limited = 0;
        String refusal = null;
        String retryAfter = null;
        for (int i = 0; i < 20; i++) {
            var response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/markets")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                limited++;
                refusal = response.body();
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(10);
        assertThat(refusal).contains("\"code\":\"rate_limited\"").contains("5 requests per second")
                .containsPattern("\"retry_after_ms\":[1-9][0-9]*");
        assertThat(retryAfter).as("Retry-After in whole seconds").isEqualTo("1");
        var health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200); // liveness is never rate limited
        // Served again once the bucket refills (a refused request takes no token).
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/markets")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    @Test
    void aUserBeyondItsConnectionLimitIsRefusedWith4029() throws Exception {
        start(FrontDoorConfig.defaults(0).withConnectionLimits(2, 100));
        String alice = token(1001);
        try (WsTestClient a1 = WsTestClient.connect(server.port(), alice);
             WsTestClient a2 = WsTestClient.connect(server.port(), alice);
             WsTestClient a3 = WsTestClient.connect(server.port(), alice)) {
            a1.await(ServerMessage.AuthOk.class);
            a2.await(ServerMessage.AuthOk.class);
            assertThat(a3.<ServerMessage.ErrorMessage>await(ServerMessage.ErrorMessage.class).errorCode())
                    .isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(a3.awaitClose()).isEqualTo(4029);
            try (WsTestClient bob = WsTestClient.connect(server.port(), token(1002))) {
                bob.await(ServerMessage.AuthOk.class);
            }
        }
    }

    @Test
    void subscriptionsPerConnectionAreBounded() throws Exception {
        FrontDoorConfig d = FrontDoorConfig.defaults(0);
        start(new FrontDoorConfig(0, d.maxFrameBytes(), d.maxQueuedBytes(), d.messagesPerSecond(), 2,
                d.maxConnectionsPerUser(), d.maxConnections(), d.pingInterval(), d.idleTimeout(),
                        d.restRequestsPerSecond(),
                FrontDoorConfig.LOOPBACK, null, 0, List.of(), d.trustedProxies(), d.maxConnectionsPerAddress(),
                d.maxBodyBytes(), d.restQueue()));
        try (WsTestClient c = WsTestClient.connect(server.port(), null)) {
            c.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"book.BTC-USDT\"}");
            c.send("{\"type\":\"subscribe\",\"id\":2,\"topic\":\"trades.BTC-USDT\"}");
            c.send("{\"type\":\"subscribe\",\"id\":3,\"topic\":\"book.ETH-USDT\"}");
            ServerMessage.ErrorMessage error = c.await(ServerMessage.ErrorMessage.class);
            assertThat(error.id()).isEqualTo(3L);
            assertThat(error.message()).contains("at most 2 subscriptions");
        }
    }

    @Test
    void theServerPingsAndAnOversizedFrameClosesWith1009() throws Exception {
        FrontDoorConfig d = FrontDoorConfig.defaults(0).withHeartbeat(Duration.ofMillis(100), Duration.ofSeconds(60));
        // A small limit, so the whole oversized frame arrives in one read and the close frame is not
        // lost to a TCP reset over unread bytes.
        start(new FrontDoorConfig(0, 1024, d.maxQueuedBytes(), d.messagesPerSecond(), d.maxSubscriptions(),
                d.maxConnectionsPerUser(), d.maxConnections(), d.pingInterval(), d.idleTimeout(),
                        d.restRequestsPerSecond(),
                FrontDoorConfig.LOOPBACK, null, 0, List.of(), d.trustedProxies(), d.maxConnectionsPerAddress(),
                d.maxBodyBytes(), d.restQueue()));
        try (WsTestClient c = WsTestClient.connect(server.port(), null)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> c.pings() >= 3);
            c.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(2048) + "\"}");
            assertThat(c.awaitClose()).isEqualTo(1009);
        }
    }
}
