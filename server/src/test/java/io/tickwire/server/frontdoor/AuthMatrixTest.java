package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.demo.DemoVenue;
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
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of credential against every guarded action, over WebSocket and REST: what each may
 * do, and that nothing leaks to one that may not. Then the life of a token on an open connection:
 * expiry closes it with 4001, a fresh {@code auth} for the same user moves the expiry on, and one
 * for another user is refused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthMatrixTest {
    private static final long USER = 1001;

    @TempDir
    static Path dir;
    static TickwireServer server;
    static byte[] secret;
    final HttpClient http = HttpClient.newHttpClient();

    /** The credentials a client may present. */
    enum Credential { NONE, BAD_SIGNATURE, EXPIRED, NON_CANONICAL_SUBJECT, READ, TRADE, READ_TRADE, ADMIN }

    /** What an action is answered with. */
    enum Outcome { OK, UNAUTHORIZED, FORBIDDEN }

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(dir);
        DemoVenue.fundUsersIfNew(server.core());
        secret = HexFormat.of().parseHex(Files.readString(dir.resolve(TokenService.SECRET_FILE)).strip());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String token(Credential credential) throws Exception {
        TokenService now = new TokenService(secret, Clock.systemUTC());
        return switch (credential) {
            case NONE -> null;
            case BAD_SIGNATURE -> new TokenService(new byte[32], Clock.systemUTC())
                    .issue(USER, EnumSet.allOf(Scope.class), Duration.ofHours(1));
            case EXPIRED -> new TokenService(secret, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
                    .issue(USER, EnumSet.allOf(Scope.class), Duration.ofHours(1));
            case NON_CANONICAL_SUBJECT -> signed("0" + USER, Instant.now().plusSeconds(3600), "read trade admin");
            case READ -> now.issue(USER, EnumSet.of(Scope.READ), Duration.ofHours(1));
            case TRADE -> now.issue(USER, EnumSet.of(Scope.TRADE), Duration.ofHours(1));
            case READ_TRADE -> now.issue(USER, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
            case ADMIN -> now.issue(USER, EnumSet.of(Scope.ADMIN), Duration.ofHours(1));
        };
    }

    private static String signed(String subject, Instant expiry, String scope) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(subject)
                .expirationTime(Date.from(expiry)).claim("scope", scope).build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    /** The id a reply echoes, or -1 for a message that answers no request. */
    static long idOf(ServerMessage m) {
        Long id = switch (m) {
            case ServerMessage.AuthOk a -> a.id();
            case ServerMessage.Subscribed s -> s.id();
            case ServerMessage.Unsubscribed u -> u.id();
            case ServerMessage.Pong p -> p.id();
            case ServerMessage.Ack a -> a.id();
            case ServerMessage.Receipt r -> r.id();
            case ServerMessage.ErrorMessage e -> e.id();
            default -> null;
        };
        return id == null ? -1 : id;
    }

    private static boolean valid(Credential c) {
        return c.ordinal() >= Credential.READ.ordinal();
    }

    private static Outcome expect(Credential c, Set<Credential> allowed) {
        if (!valid(c)) {
            return Outcome.UNAUTHORIZED;
        }
        return allowed.contains(c) ? Outcome.OK : Outcome.FORBIDDEN;
    }

    @Test
    void restAnswersEveryCredentialAsTheRulesSay() throws Exception {
        Set<Credential> readers = EnumSet.of(Credential.READ, Credential.TRADE, Credential.READ_TRADE);
        Set<Credential> traders = EnumSet.of(Credential.TRADE, Credential.READ_TRADE);
        Set<Credential> admins = EnumSet.of(Credential.ADMIN);
        List<String> cells = new ArrayList<>();
        for (Credential c : Credential.values()) {
            String token = token(c);
            check(cells, c, "GET /api/v1/balances", rest("GET", "/api/v1/balances", token, null), expect(c, readers));
            check(cells, c, "GET /api/v1/orders?status=open", rest("GET", "/api/v1/orders?status=open", token, null),
                    expect(c, readers));
            check(cells, c, "GET /api/v1/orders/1", rest("GET", "/api/v1/orders/1", token, null), expect(c, readers));
            check(cells, c, "GET /events/account", rest("GET", "/events/account", token, null), expect(c, readers));
            check(cells, c, "POST /api/v1/orders", rest("POST", "/api/v1/orders", token,
                    "{\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"gtc\","
                            + "\"price\":\"1000.00\",\"qty\":\"0.001\"}"), expect(c, traders));
            check(cells, c, "DELETE /api/v1/orders/999999", rest("DELETE", "/api/v1/orders/999999", token, null),
                    expect(c, traders));
            check(cells, c, "POST /api/v1/admin/deposit", rest("POST", "/api/v1/admin/deposit", token,
                    "{\"user_id\":\"1003\",\"asset\":\"USDT\",\"amount\":\"1\"}"), expect(c, admins));
            // Public reads answer everyone, whatever token comes along.
            check(cells, c, "GET /api/v1/book/BTC-USDT", rest("GET", "/api/v1/book/BTC-USDT", token, null), Outcome.OK);
            check(cells, c, "GET /events/trades.BTC-USDT", rest("GET", "/events/trades.BTC-USDT", token, null),
                    Outcome.OK);
        }
        assertThat(cells).as("cells that broke the rules").isEmpty();
    }

    private static void check(List<String> cells, Credential c, String action, HttpResponse<String> response,
                              Outcome expected) {
        Outcome actual = switch (response.statusCode()) {
            case 401 -> Outcome.UNAUTHORIZED;
            case 403 -> Outcome.FORBIDDEN;
            // 404 (no such order) and 409 are answers to an allowed caller about the thing itself
            case 200, 404, 409 -> Outcome.OK;
            default -> null;
        };
        if (actual != expected) {
            cells.add(c + " " + action + ": expected " + expected + ", got " + response.statusCode() + " "
                    + response.body());
        }
    }

    private HttpResponse<String> rest(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webSocketAnswersEveryCredentialAsTheRulesSay() throws Exception {
        Set<Credential> readers = EnumSet.of(Credential.READ, Credential.TRADE, Credential.READ_TRADE);
        Set<Credential> traders = EnumSet.of(Credential.TRADE, Credential.READ_TRADE);
        List<String> cells = new ArrayList<>();
        for (Credential c : Credential.values()) {
            String token = token(c);
            for (String action : List.of("account", "order.place", "unsubscribe account", "book")) {
                try (WsTestClient ws = WsTestClient.connect(server.port(), null)) {
                    if (token != null) {
                        ws.send("{\"type\":\"auth\",\"id\":1,\"token\":\"" + token + "\"}");
                        ServerMessage reply = ws.await(m -> m instanceof ServerMessage.AuthOk
                                || m instanceof ServerMessage.ErrorMessage);
                        if (reply instanceof ServerMessage.ErrorMessage error) {
                            if (valid(c) || error.errorCode() != ErrorCode.UNAUTHORIZED || ws.awaitClose() != 4001) {
                                cells.add(c + " auth: " + error + ", close " + ws.closeCode());
                            }
                            continue; // refused at auth, closed with 4001: nothing more to try
                        }
                        if (!valid(c)) {
                            cells.add(c + " auth was accepted");
                            continue;
                        }
                    }
                    Outcome expected = switch (action) {
                        case "account" -> c == Credential.NONE ? Outcome.UNAUTHORIZED : expect(c, readers);
                        // leaving reveals nothing: any authenticated connection may
                        case "unsubscribe account" -> c == Credential.NONE ? Outcome.UNAUTHORIZED : Outcome.OK;
                        case "order.place" -> c == Credential.NONE ? Outcome.UNAUTHORIZED : expect(c, traders);
                        default -> Outcome.OK;
                    };
                    String request = switch (action) {
                        case "account" -> "{\"type\":\"subscribe\",\"id\":2,\"topic\":\"account\"}";
                        case "unsubscribe account" -> "{\"type\":\"unsubscribe\",\"id\":2,\"topic\":\"account\"}";
                        case "order.place"
                                -> "{\"type\":\"order.place\",\"id\":2,\"market\":\"BTC-USDT\",\"side\":\"buy\","
                                + "\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"1000.00\",\"qty\":\"0.001\"}";
                        default -> "{\"type\":\"subscribe\",\"id\":2,\"topic\":\"book.BTC-USDT\"}";
                    };
                    ws.send(request);
                    ServerMessage reply = ws.await(m -> idOf(m) == 2L);
                    Outcome actual = reply instanceof ServerMessage.ErrorMessage error
                            ? switch (error.errorCode()) {
                                case UNAUTHORIZED -> Outcome.UNAUTHORIZED;
                                case FORBIDDEN -> Outcome.FORBIDDEN;
                                default -> null;
                            }
                            : Outcome.OK;
                    if (actual != expected) {
                        cells.add(c + " " + action + ": expected " + expected + ", got " + reply);
                    }
                }
            }
        }
        assertThat(cells).as("cells that broke the rules").isEmpty();
    }

    @Test
    void anExpiredTokenEndsTheConnectionWith4001() throws Exception {
        String shortLived = signed(Long.toString(USER), Instant.now().plusSeconds(2), "read");
        try (WsTestClient ws = WsTestClient.connect(server.port(), shortLived)) {
            ws.await(ServerMessage.AuthOk.class);
            ServerMessage.ErrorMessage expired = ws.await(m -> m instanceof ServerMessage.ErrorMessage);
            assertThat(expired.errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(expired.message()).isEqualTo("token expired");
            assertThat(ws.awaitClose()).isEqualTo(4001);
        }
    }

    @Test
    void aFreshTokenForTheSameUserMovesTheExpiryOnAndAnotherUsersIsRefused() throws Exception {
        String shortLived = signed(Long.toString(USER), Instant.now().plusSeconds(2), "read");
        try (WsTestClient ws = WsTestClient.connect(server.port(), shortLived)) {
            ServerMessage.AuthOk first = ws.await(ServerMessage.AuthOk.class);
            String other = new TokenService(secret, Clock.systemUTC()).issue(1002, EnumSet.of(Scope.READ),
                    Duration.ofHours(1));
            ws.send("{\"type\":\"auth\",\"id\":3,\"token\":\"" + other + "\"}");
            ServerMessage.ErrorMessage refused = ws.await(m -> idOf(m) == 3L);
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);

            String fresh = new TokenService(secret, Clock.systemUTC()).issue(USER, EnumSet.of(Scope.READ),
                    Duration.ofHours(1));
            ws.send("{\"type\":\"auth\",\"id\":4,\"token\":\"" + fresh + "\"}");
            ServerMessage.AuthOk renewed = ws.await(m -> idOf(m) == 4L);
            assertThat(renewed.expiresAt()).isGreaterThan(first.expiresAt());
            assertThat(renewed.userId()).isEqualTo(Long.toString(USER));

            // Past the first token's expiry the connection still serves: the subject here is a
            // moment in time, so this waits for it.
            long wait = first.expiresAt() + 500 - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            ws.send("{\"type\":\"subscribe\",\"id\":5,\"topic\":\"account\"}");
            assertThat(ws.<ServerMessage>await(m -> idOf(m) == 5L))
                    .isInstanceOf(ServerMessage.Subscribed.class);
            assertThat(ws.closeCode()).isEqualTo(-1);
        }
    }
}
