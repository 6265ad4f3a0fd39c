package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locks on a node's front door, on a real server: anonymous WebSockets capped per address
 * (authenticated ones counted per user instead), addresses forwarded by trusted proxies only, and
 * a TLS certificate replaced while the node runs.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FrontDoorTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    @RegisterExtension
    final TestServers servers = new TestServers();

    private static int handshakeStatus(int port, Map<String, String> headers) {
        try {
            WsTestClient.connect(port, null, headers).close();
            return 101;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anonymousWebSocketsAreCappedPerAddressAndAuthenticatedOnesCountPerUser() throws Exception {
        TickwireServer server = servers.open(dir, FrontDoorConfig.defaults(0).withMaxConnectionsPerAddress(3));
        String alice = server.tokens().issue(1001, EnumSet.of(Scope.READ), Duration.ofHours(1));
        List<WsTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(WsTestClient.connect(server.port(), null));
            }
            // A fourth without a token: 429 at the upgrade.
            assertThat(handshakeStatus(server.port(), Map.of())).isEqualTo(429);
            // With a token it is the user's limit that counts.
            open.add(WsTestClient.connect(server.port(), alice));
            open.get(3).await(ServerMessage.AuthOk.class);
            // An anonymous connection that authenticates gives its address's place back...
            open.get(0).send("{\"type\":\"auth\",\"id\":1,\"token\":\"" + alice + "\"}");
            open.get(0).await(ServerMessage.AuthOk.class);
            open.add(WsTestClient.connect(server.port(), null));
            assertThat(handshakeStatus(server.port(), Map.of())).isEqualTo(429);
            // ... and so does one that closes.
            open.remove(1).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> handshakeStatus(server.port(), Map.of()) == 101);
        } finally {
            for (WsTestClient c : open) {
                c.close();
            }
        }
    }

    private static int restStatus(int port, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/markets"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aTrustedProxysForwardedAddressGetsItsOwnBucketAndAnyoneElsesHeaderIsIgnored() throws Exception {
        FrontDoorConfig limited = FrontDoorConfig.defaults(0).withRestRequestsPerSecond(2);
        // Behind a trusted proxy (loopback here), each forwarded client has its own REST bucket...
        TickwireServer proxied = servers.open(dir.resolve("proxied"),
                limited.withTrustedProxies(TrustedProxies.parse(List.of("127.0.0.0/8"))));
        assertThat(restStatus(proxied.port(), "198.51.100.9, 203.0.113.5")).isEqualTo(200);
        assertThat(restStatus(proxied.port(), "203.0.113.5")).isEqualTo(200);
        assertThat(restStatus(proxied.port(), "203.0.113.5")).isEqualTo(429);
        // (the client is the rightmost untrusted hop: what it wrote on the left does not help it)
        assertThat(restStatus(proxied.port(), "203.0.113.6")).isEqualTo(200);
        // ... and its own limit of anonymous WebSockets.
        TickwireServer capped = servers.open(dir.resolve("capped"), FrontDoorConfig.defaults(0)
                .withMaxConnectionsPerAddress(1).withTrustedProxies(TrustedProxies.parse(List.of("127.0.0.1"))));
        try (WsTestClient held = WsTestClient.connect(capped.port(), null, Map.of("Forwarded", "for=203.0.113.5"))) {
            held.send("{\"type\":\"ping\",\"id\":1}");
            held.await(ServerMessage.Pong.class);
            assertThat(handshakeStatus(capped.port(), Map.of("Forwarded", "for=203.0.113.5"))).isEqualTo(429);
            assertThat(handshakeStatus(capped.port(), Map.of("Forwarded", "for=\"[2001:db8::7]:443\"")))
                    .isEqualTo(101);
        }
        // Without trusted proxies the header is a client's claim: one bucket for the peer.
        TickwireServer direct = servers.open(dir.resolve("direct"), limited);
        assertThat(restStatus(direct.port(), "203.0.113.1")).isEqualTo(200);
        assertThat(restStatus(direct.port(), "203.0.113.2")).isEqualTo(200);
        assertThat(restStatus(direct.port(), "203.0.113.3")).isEqualTo(429);
    }

    private static void writeTls(FrontDoorConfig.Tls tls, X509Bundle bundle) throws Exception {
        // Written aside and moved in, as a certificate manager does: a reader never sees half a file.
        Path cert = tls.certificate().resolveSibling("next.crt");
        Path key = tls.privateKey().resolveSibling("next.key");
        Files.writeString(cert, bundle.getCertificatePathPEM());
        Files.writeString(key, bundle.getPrivateKeyPEM());
        Files.move(key, tls.privateKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(cert, tls.certificate(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String servedSubject(HttpClient client, int port) throws Exception {
        HttpResponse<Void> health = client.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + "/health")).build(), HttpResponse.BodyHandlers.discarding());
        return ((X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0])
                .getSubjectX500Principal().getName();
    }

    @Test
    void aReplacedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
        X509Bundle ca = new CertificateBuilder().subject("CN=front-door-ca").setIsCertificateAuthority(true)
                .buildSelfSigned();
        X509Bundle first = new CertificateBuilder().subject("CN=localhost,O=first").addSanDnsName("localhost")
                .buildIssuedBy(ca);
        X509Bundle second = new CertificateBuilder().subject("CN=localhost,O=second").addSanDnsName("localhost")
                .buildIssuedBy(ca);
        FrontDoorConfig.Tls tls = new FrontDoorConfig.Tls(dir.resolve("server.crt"), dir.resolve("server.key"));
        writeTls(tls, first);
        TickwireServer server = servers.open(dir.resolve("data"), FrontDoorConfig.defaults(0).withTls(tls));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.getCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        assertThat(servedSubject(HttpClient.newBuilder().sslContext(context).build(), server.port()))
                .contains("O=first");

        writeTls(tls, second);
        // Each check is a new client, hence a new connection: the open ones keep the old certificate.
        await().atMost(Duration.ofSeconds(30)).until(() -> servedSubject(
                HttpClient.newBuilder().sslContext(context).build(), server.port()).contains("O=second"));
    }
}
